// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatJar;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Run a local cluster" of {@code docs/cluster.md}: two chat processes from the jar, one room across them. The same
 * variables as that page, on free ports, plus a cluster name of the test's own, {@code SWITCHBOARD_HOST=127.0.0.1},
 * and a database file of its own (shared by both processes, as on that page). Also what a process writes when it
 * stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatProcessesIT {

    private final List<ChatJar> processes = new ArrayList<>();
    private final List<RoomClient> clients = new ArrayList<>();
    private final String clusterName = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
    private Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void theJarIsBuilt() {
        ChatJar.requireJar();
    }

    @BeforeEach
    void clientVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(RoomClient::close);
        for (ChatJar process : processes) {
            process.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private ChatJar start(String name, Map<String, String> env) throws Exception {
        ChatJar process = ChatJar.launch(name, env);
        processes.add(process);
        return process;
    }

    @Test
    void twoProcessesFromTheJarShareARoom() throws Exception {
        List<Integer> ports = LoopbackPorts.free(4);
        int http1 = ports.get(0);
        int http2 = ports.get(1);
        String members = "127.0.0.1:" + ports.get(2) + ",127.0.0.1:" + ports.get(3);

        ChatJar first = start("first", node(http1, members, ports.get(2)));
        first.awaitListening(Duration.ofSeconds(40));
        ChatJar second = start("second", node(http2, members, ports.get(3)));
        second.awaitListening(Duration.ofSeconds(40));
        assertThat(second.lines())
                .anyMatch(line ->
                        line.contains("Joined cluster '" + clusterName + "'") && line.endsWith(": 2 member(s)"));

        WebSocketClient ws = vertx.createWebSocketClient();
        RoomClient alice = RoomClient.connect(ws, http1, "lobby", "alice@first");
        RoomClient bob = RoomClient.connect(ws, http2, "lobby", "bob@second");
        RoomClient carol = RoomClient.connect(ws, http2, "kitchen", "carol@second");
        clients.addAll(List.of(alice, bob, carol));

        RoomChecks.awaitSpread(List.of(alice, bob), Duration.ofSeconds(10));
        RoomChecks.exchange(List.of(alice, bob), List.of(alice, bob), 3);
        assertThat(RoomChecks.receive(carol, Integer.MAX_VALUE, Duration.ZERO)).isEmpty();

        first.close();
        assertThat(first.lines())
                .as("the output of the first process, stopped with SIGTERM")
                .anyMatch(line -> line.contains("Stopping: closing ")
                        && line.endsWith(" connections with 1012 over 10 s" + " (server.drainPeriod)"))
                .last()
                .asString()
                .contains(" INFO  io.switchboard.launcher.Switchboard: Stopped in ")
                .endsWith(" connections, layer and application closed");
    }

    @Test
    void aStoppedProcessWritesItsStopLinesAndJsonLogsAreOneObjectPerLine() throws Exception {
        Map<String, String> env = Map.of(
                "SWITCHBOARD_HOST",
                "127.0.0.1",
                "SWITCHBOARD_PORT",
                String.valueOf(LoopbackPorts.free()),
                "SWITCHBOARD_LOG_FORMAT",
                "json",
                "SWITCHBOARD_DB_URL",
                "jdbc:h2:file:" + dir.resolve("alone"));
        ChatJar alone = start("alone", env);
        alone.awaitListening(Duration.ofSeconds(40));
        alone.close();

        List<JsonObject> events = alone.lines().stream()
                .filter(line -> line.startsWith("{"))
                .map(JsonObject::new)
                .toList();
        assertThat(events)
                .as(
                        "the JSON lines of a process stopped with SIGTERM:%n%s",
                        alone.process().tail())
                .extracting(event -> event.getString("formattedMessage"))
                .contains("Stopping: closing 0 connections with 1012 over 10 s (server.drainPeriod)")
                .last()
                .asString()
                .matches("Stopped in \\d+ ms: drained 0 connections, layer and application closed");
        // the libraries log through the same Logback
        assertThat(events).anyMatch(event -> event.getString("loggerName").startsWith("org.flywaydb"));
    }

    @Test
    void aNodeThatCannotJoinItsClusterExitsWithStatus2AndOneLine() throws Exception {
        List<Integer> ports = LoopbackPorts.free(3);
        // nothing listens on the other member's port, and this node will not start alone
        Map<String, String> env = new HashMap<>(
                node(ports.get(0), "127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2), ports.get(1)));
        env.put("SWITCHBOARD_CLUSTER_MIN_MEMBERS", "2");
        env.put("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", "3");
        ChatJar lonely = start("lonely", env);

        assertThat(lonely.process().awaitExit(Duration.ofSeconds(40))).isEqualTo(2);
        List<String> lines = lonely.lines();
        assertThat(lines)
                .filteredOn(line -> line.startsWith("Switchboard did not start: "))
                .singleElement()
                .asString()
                .contains("did not join cluster '" + clusterName + "' within 3 s")
                .contains("SWITCHBOARD_CLUSTER_MEMBERS=127.0.0.1:" + ports.get(1));
        assertThat(lines).noneMatch(line -> line.contains("Switchboard listening on"));
    }

    private Map<String, String> node(int httpPort, String members, int clusterPort) {
        return Map.ofEntries(
                Map.entry("SWITCHBOARD_HOST", "127.0.0.1"),
                Map.entry("SWITCHBOARD_PORT", String.valueOf(httpPort)),
                Map.entry("SWITCHBOARD_LAYER", "eventbus"),
                Map.entry("SWITCHBOARD_CLUSTER_NAME", clusterName),
                Map.entry("SWITCHBOARD_CLUSTER_MEMBERS", members),
                Map.entry("SWITCHBOARD_CLUSTER_PORT", String.valueOf(clusterPort)),
                Map.entry("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + dir.resolve("switchboard") + ";AUTO_SERVER=TRUE"));
    }
}
