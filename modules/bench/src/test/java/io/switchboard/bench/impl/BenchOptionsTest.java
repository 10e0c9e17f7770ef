// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void nonLoopbackTargetsAreRefused() {
        assertThatThrownBy(() -> BenchOptions.parse("broadcast", "--url", "ws://10.1.2.3:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Refusing non-loopback target 'ws://10.1.2.3:8080'");
        assertThatThrownBy(() -> BenchOptions.parse("idle", "--local-addresses", "10.0.0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.5");
    }

    @Test
    void echoIsOneMemberPerRoomWithAWindowOfOne() {
        BenchOptions o = BenchOptions.parse("echo", "--connections", "50", "--messages", "200");
        assertThat(o.rooms()).isEqualTo(50);
        assertThat(o.members()).isEqualTo(1);
        assertThat(o.window()).isEqualTo(1);
        assertThat(o.connections()).isEqualTo(50);
    }

    @Test
    void idleOverTwentyThousandBindsSeveralSourceAddresses() {
        BenchOptions o = BenchOptions.parse("idle", "--connections", "45000");
        assertThat(o.localAddresses()).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(BenchOptions.parse("idle", "--connections", "19000").localAddresses())
                .isEmpty();
    }

    @Test
    void optionsThatDoNotApplyAreErrors() {
        assertThatThrownBy(() -> BenchOptions.parse("echo", "--rate", "100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchOptions.parse("cross-node", "--url", "ws://127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two --url");
        assertThatThrownBy(() -> BenchOptions.parse("broadcast", "--members", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--members must be >= 1, got 0");
    }
}
