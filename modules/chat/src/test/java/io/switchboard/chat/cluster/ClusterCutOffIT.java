// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatJar;
import io.switchboard.chat.ChatSocket;
import io.switchboard.consumer.CloseCodes;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node frozen (SIGSTOP) for longer than the member timeout is dropped by the other two. Once it runs again it
 * sees itself alone, below its quorum: it closes its sockets with 1012 so that its clients reconnect to the healthy
 * part, refuses new ones, and serves again once Hazelcast has merged it back. The two healthy nodes serve on
 * throughout.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterCutOffIT {

    private static final Duration START = Duration.ofSeconds(60);

    private final List<ChatJar> nodes = new ArrayList<>();
    private final List<ChatSocket> sockets = new ArrayList<>();
    private final String clusterName =
            "cutoff-it-" + UUID.randomUUID().toString().substring(0, 8);
    private Vertx vertx;
    private WebSocketClient ws;

    @TempDir
    Path dir;

    @BeforeAll
    static void theJarIsBuilt() {
        ChatJar.requireJar();
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(ChatSocket::close);
        for (ChatJar node : nodes) {
            signal("CONT", node);
            node.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFrozenNodeClosesItsSocketsWhileCutOffAndServesAgainOnceMergedBack() throws Exception {
        List<Integer> ports = LoopbackPorts.free(6);
        String members = "127.0.0.1:" + ports.get(3) + ",127.0.0.1:" + ports.get(4) + ",127.0.0.1:" + ports.get(5);
        for (int i = 0; i < 3; i++) {
            ChatJar node = ChatJar.launch("node" + (i + 1), node(ports.get(i), members, ports.get(3 + i)));
            nodes.add(node);
            node.awaitListening(START);
        }
        ChatJar healthy = nodes.get(0);
        ChatJar frozen = nodes.get(2);
        vertx = Vertx.vertx();
        ws = vertx.createWebSocketClient();
        ChatSocket alice = open(healthy, "alice");
        ChatSocket carol = open(frozen, "carol");
        awaitDelivered(alice, carol, "before the freeze");

        long mark = healthy.process().mark();
        long frozenMark = frozen.process().mark();
        signal("STOP", frozen);
        healthy.process().awaitLine(mark, line -> line.contains("was lost") && line.endsWith(": 2 member(s)"), START);
        signal("CONT", frozen);
        long resumed = System.nanoTime();

        assertThat(carol.awaitClose(Duration.ofSeconds(40)).code())
                .as("the close of a socket on the cut-off node")
                .isEqualTo((short) CloseCodes.SERVICE_RESTART);
        long closed = System.nanoTime();
        frozen.process()
                .awaitLine(frozenMark, line -> line.contains("Suspended: the node is cut off from cluster"), START);
        frozen.process().awaitLine(frozenMark, line -> line.contains("Back in cluster '" + clusterName + "'"), START);
        System.out.printf(
                "cut-off node: sockets closed %d ms after it ran again, back in the cluster after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(closed - resumed),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed));

        ChatSocket dave = open(frozen, "dave");
        awaitDelivered(alice, dave, "after the merge");
        assertThat(healthy.lines())
                .as("the healthy side, which kept its majority")
                .noneMatch(line -> line.contains("Suspended"));
    }

    private ChatSocket open(ChatJar node, String name) throws Exception {
        ChatSocket socket = ChatSocket.open(ws, node.port(), "lobby", null, name + "@" + node.port());
        sockets.add(socket);
        socket.history();
        return socket;
    }

    /** Says texts from {@code from} until one reaches {@code to}: the group registration spreads asynchronously. */
    private static void awaitDelivered(ChatSocket from, ChatSocket to, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; System.nanoTime() < deadline; i++) {
            String text = what + " #" + i;
            from.say(text);
            if (to.awaitMessage(text, Duration.ofMillis(500)) != null) {
                return;
            }
        }
        throw new AssertionError(to + " never received a message from " + from + " " + what);
    }

    private static void signal(String signal, ChatJar node) throws Exception {
        if (node.process().isAlive()) {
            new ProcessBuilder(
                            "kill", "-" + signal, String.valueOf(node.process().pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private Map<String, String> node(int httpPort, String members, int clusterPort) {
        return Map.ofEntries(
                Map.entry("SWITCHBOARD_HOST", "127.0.0.1"),
                Map.entry("SWITCHBOARD_PORT", String.valueOf(httpPort)),
                Map.entry("SWITCHBOARD_LAYER", "eventbus"),
                Map.entry("SWITCHBOARD_CLUSTER_NAME", clusterName),
                Map.entry("SWITCHBOARD_CLUSTER_MEMBERS", members),
                Map.entry("SWITCHBOARD_CLUSTER_PORT", String.valueOf(clusterPort)),
                Map.entry("SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT", "3"),
                Map.entry("SWITCHBOARD_DRAIN_PERIOD", "0"),
                Map.entry("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + dir.resolve("switchboard") + ";AUTO_SERVER=TRUE"));
    }
}
