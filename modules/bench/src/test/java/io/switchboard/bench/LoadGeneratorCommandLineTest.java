// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bench.impl.BenchOptions;
import io.switchboard.bench.impl.Scenario;
import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class LoadGeneratorCommandLineTest {

    @Test
    void nonLoopbackTargetsAreRefused() {
        assertThatThrownBy(() -> LoadGenerator.parse("broadcast", "--url", "ws://10.1.2.3:8080"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("Refusing non-loopback target 'ws://10.1.2.3:8080'");
        assertThatThrownBy(() -> LoadGenerator.parse("idle", "--local-addresses", "10.0.0.5"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("10.0.0.5");
    }

    @Test
    void theScriptsCommandLinesReadAsBefore() {
        BenchOptions o = LoadGenerator.parse(
                "broadcast",
                "--rooms",
                "10",
                "--members",
                "50",
                "--messages",
                "200",
                "--rate",
                "2000",
                "--duration",
                "10",
                "--warmup",
                "2",
                "--url",
                "ws://127.0.0.1:18080",
                "--server-pid",
                "42",
                "--label",
                "R2/baseline/1",
                "--quiet");
        assertThat(o.scenario()).isEqualTo(Scenario.BROADCAST);
        assertThat(o.connections()).isEqualTo(500);
        assertThat(o.openLoop()).isTrue();
        assertThat(o.durationSeconds()).isEqualTo(10);
        assertThat(o.warmupSeconds()).isEqualTo(2);
        assertThat(o.drainSeconds()).isEqualTo(5);
        assertThat(o.urls()).containsExactly(URI.create("ws://127.0.0.1:18080"));
        assertThat(o.serverPid()).isEqualTo(42);
        assertThat(o.label()).isEqualTo("R2/baseline/1");
        assertThat(o.quiet()).isTrue();
    }

    @Test
    void urlsAreRepeatableOrCommaSeparated() {
        BenchOptions o = LoadGenerator.parse(
                "cross-node", "--url", "ws://127.0.0.1:1,ws://127.0.0.1:2", "--url", "ws://127.0.0.1:3");
        assertThat(o.urls()).hasSize(3);
    }

    @Test
    void echoIsOneMemberPerRoomWithAWindowOfOne() {
        BenchOptions o = LoadGenerator.parse("echo", "--connections", "50", "--messages", "200");
        assertThat(o.rooms()).isEqualTo(50);
        assertThat(o.members()).isEqualTo(1);
        assertThat(o.window()).isEqualTo(1);
        assertThat(o.connections()).isEqualTo(50);
    }

    @Test
    void defaultsDependOnTheScenario() {
        assertThat(LoadGenerator.parse("broadcast").messages()).isEqualTo(100);
        assertThat(LoadGenerator.parse("echo").messages()).isEqualTo(200);
        assertThat(LoadGenerator.parse("idle").connections()).isEqualTo(1000);
        assertThat(LoadGenerator.parse("idle").rooms()).isEqualTo(100);
    }

    @Test
    void idleOverTwentyThousandBindsSeveralSourceAddresses() {
        BenchOptions o = LoadGenerator.parse("idle", "--connections", "45000");
        assertThat(o.localAddresses()).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(LoadGenerator.parse("idle", "--connections", "19000").localAddresses())
                .isEmpty();
    }

    @Test
    void optionsThatDoNotApplyAreErrors() {
        assertThatThrownBy(() -> LoadGenerator.parse("echo", "--rate", "100"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadGenerator.parse("cross-node", "--url", "ws://127.0.0.1:1"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("at least two --url");
        assertThatThrownBy(() -> LoadGenerator.parse("broadcast", "--members", "0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--members must be >= 1, got 0");
        assertThatThrownBy(() -> LoadGenerator.parse("--rooms", "3"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rooms");
    }
}
