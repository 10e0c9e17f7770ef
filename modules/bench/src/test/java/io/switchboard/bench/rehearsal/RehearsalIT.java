// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.LoopbackPorts;
import io.switchboard.testsupport.Postgres;
import io.switchboard.testsupport.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal of {@code run-rehearsal.sh}, shorter: three chat processes from the jar behind HAProxy, two rooms of
 * three logged-in pages at 40 messages a second each, a one-second drain, a PostgreSQL database of each test's own.
 * Each test starts and stops every process it uses. HAProxy or PostgreSQL missing skips them, or fails them when
 * {@code CI=true}; so does a chat jar that was not built.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RehearsalIT {

    /** The repository's root: failsafe runs in the module's directory. */
    private static final Path ROOT =
            Path.of("").toAbsolutePath().resolve("../..").normalize();

    private static final Path CHAT_JAR = ROOT.resolve("modules/chat/target/switchboard-chat.jar");
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    @BeforeAll
    static void programs() {
        Postgres.require();
        Services.requireCommand(HAPROXY + " is not installed (apt-get install -y haproxy)", HAPROXY.toString(), "-v");
        if (!Files.isRegularFile(CHAT_JAR)) {
            Services.missing(CHAT_JAR + " is missing; build it first (mvn -B -q -DskipTests install)");
        }
    }

    @Test
    void aRollingRestartLosesNothing() throws Exception {
        RehearsalReport report = rehearse(Scenario.ROLLING);

        assertNothingLost(report);
        // every node restarted: every page moved at least once, and came back where it stood
        assertThat(report.reconnects()).isGreaterThanOrEqualTo(report.pages());
        assertThat(report.closes()).containsKey("1012");
        // a session made on one node is known to the others and outlives each node's restart
        assertThat(report.stayedLoggedIn()).as(report.describe()).isEqualTo(report.pages());
    }

    @Test
    void aKilledNodeLosesNothing() throws Exception {
        RehearsalReport report = rehearse(Scenario.KILL);

        assertNothingLost(report);
        assertThat(report.reconnects()).isPositive();
        assertThat(report.stayedLoggedIn()).as(report.describe()).isEqualTo(report.pages());
    }

    /** Pods scale both ways: more processes, and SWITCHBOARD_INSTANCES event-loop verticles in each. */
    @Test
    void aFourthNodeTakesNewPagesAndLeavesTheOthersAlone() throws Exception {
        RehearsalReport report = rehearse(Scenario.SCALE, Map.of("SWITCHBOARD_INSTANCES", "3"));

        assertNothingLost(report);
        assertThat(report.reconnects())
                .as("reconnections of the pages already there")
                .isZero();
        assertThat(report.newPagesOnNodes()).containsKey("node4");
        for (int node = 1; node <= 4; node++) {
            assertThat(Files.readAllLines(dir.resolve("node" + node + ".log")))
                    .anyMatch(line -> line.contains("Switchboard listening on") && line.contains("(3 instances,"));
        }
    }

    private RehearsalReport rehearse(Scenario scenario) throws Exception {
        return rehearse(scenario, Map.of());
    }

    private RehearsalReport rehearse(Scenario scenario, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put("SWITCHBOARD_DRAIN_PERIOD", "1");
        // the database of a cluster: PostgreSQL, one of this test's own
        String database = Postgres.uniqueName("rehearsal_");
        Postgres.admin("CREATE DATABASE " + database);
        all.put("SWITCHBOARD_DB_URL", Postgres.SERVER + database);
        all.put("SWITCHBOARD_DB_USER", Postgres.USER);
        // log-ins in PostgreSQL, as the Kubernetes cluster overlay keeps them
        all.put("SWITCHBOARD_SESSION_STORE", "database");
        int slots = RehearsalPlan.slots(scenario, 3);
        List<Integer> ports = LoopbackPorts.free(1 + slots * RehearsalPlan.PORTS_PER_NODE);
        RehearsalPlan plan = new RehearsalPlan(
                ROOT,
                CHAT_JAR,
                HAPROXY,
                dir,
                scenario,
                3,
                2,
                3,
                40,
                Duration.ofSeconds(3),
                HealthCheck.READY,
                ports.get(0),
                ports.subList(1, ports.size()),
                all);
        try (RehearsalRun run = new RehearsalRun(plan, line -> System.out.println(scenario + ": " + line))) {
            RehearsalReport report = run.run();
            System.out.println(report.describe());
            return report;
        } finally {
            Postgres.admin("DROP DATABASE IF EXISTS " + database);
        }
    }

    /**
     * Nothing lost on the way in or out: a message a page wrote as its node closed the socket (a drain's 1012, a
     * kill) is sent again on the next connection, and the room drops the copy it already had.
     */
    private static void assertNothingLost(RehearsalReport report) {
        assertThat(report.sent()).as(report.describe()).isPositive();
        assertThat(report.unsent()).as(report.describe()).isZero();
        assertThat(report.lostOnTheWayIn()).as(report.describe()).isZero();
        assertThat(report.lost()).as(report.describe()).isZero();
        assertThat(report.duplicated()).as(report.describe()).isZero();
        assertThat(report.notRecovered()).as(report.describe()).isZero();
    }
}
