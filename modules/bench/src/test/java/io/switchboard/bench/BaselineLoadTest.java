// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The load generator against the baseline server, both in this process, over real loopback sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BaselineLoadTest {

    private String url;
    private int port;
    private WebSocketClient client;

    @BeforeEach
    void startBaseline(Vertx vertx) throws Exception {
        BaselineServer server = BaselineServer.start(vertx, "127.0.0.1", 0, 2).await(5, TimeUnit.SECONDS);
        port = server.port();
        url = "ws://127.0.0.1:" + port;
    }

    @AfterEach
    void closeClient() throws Exception {
        if (client != null) {
            client.close().await(5, TimeUnit.SECONDS);
        }
    }

    private JsonObject run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--quiet", "--deadline", "20", "--threads", "2"));
        return LoadGenerator.run(LoadGenerator.parse(all.toArray(String[]::new)), System.err);
    }

    @Test
    void closedLoopBroadcastDeliversEveryMessageToEveryMemberOnce() throws Exception {
        JsonObject r = run("broadcast", "--rooms", "2", "--members", "3", "--messages", "20", "--window", "4");
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getLong("sent")).isEqualTo(2 * 3 * 20);
        assertThat(r.getLong("delivered")).isEqualTo(2 * 3 * 3 * 20);
        assertThat(r.getLong("lost")).isZero();
        assertThat(r.getLong("duplicates")).isZero();
        assertThat(r.getLong("outOfOrder")).isZero();
        assertThat(r.getLong("misrouted")).isZero();
        assertThat(r.getLong("foreignFrames")).isZero();
        assertThat(r.getDouble("p99Ms")).isPositive();
        assertThat(r.getDouble("clientCpuPct")).isPositive();
    }

    @Test
    void openLoopBroadcastStopsAtTheMessageCountWithNothingLost() throws Exception {
        // 600 deliveries/s over rooms of 3 = 200 messages/s from 6 senders: the cap of 5 each is hit in 0.15 s
        JsonObject r = run("broadcast", "--rooms", "2", "--members", "3", "--messages", "5", "--rate", "600");
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getLong("sent")).isEqualTo(30);
        assertThat(r.getLong("delivered")).isEqualTo(90);
        assertThat(r.getLong("lost")).isZero();
    }

    @Test
    void theTutorialPathRelaysExactlyTheMessageFrameToTheRoom(Vertx vertx) throws Exception {
        client = vertx.createWebSocketClient();
        WebSocket alice =
                client.connect(port, "127.0.0.1", "/ws/tutorial/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket bob = client.connect(port, "127.0.0.1", "/ws/tutorial/lobby/").await(5, TimeUnit.SECONDS);
        // a chat-protocol socket in a room of the same name is in another room
        WebSocket chat = client.connect(port, "127.0.0.1", "/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> heardByBob = new LinkedBlockingQueue<>();
        BlockingQueue<String> heardByChat = new LinkedBlockingQueue<>();
        bob.textMessageHandler(heardByBob::add);
        chat.textMessageHandler(heardByChat::add);
        alice.writeTextMessage("{\"message\":\"hi bob\"}").await(5, TimeUnit.SECONDS);
        assertThat(heardByBob.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"hi bob\"}");
        chat.writeTextMessage("{\"message\":\"hi chat\"}").await(5, TimeUnit.SECONDS);
        // had the rooms been one, alice's frame would have reached the chat socket first
        JsonObject first = new JsonObject(heardByChat.poll(5, TimeUnit.SECONDS));
        assertThat(first.getString("message")).isEqualTo("hi chat");
        assertThat(first.fieldNames()).containsExactlyInAnyOrder("id", "message", "user", "at");
    }

    @Test
    void closedLoopBroadcastRunsOnTheTutorialPath() throws Exception {
        JsonObject r = run(
                "broadcast",
                "--path",
                "/ws/tutorial/{room}/",
                "--rooms",
                "2",
                "--members",
                "3",
                "--messages",
                "20",
                "--window",
                "4");
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getLong("delivered")).isEqualTo(2 * 3 * 3 * 20);
        assertThat(r.getLong("foreignFrames")).isZero();
    }

    @Test
    void crossNodeSpreadsEachRoomOverTheUrls() throws Exception {
        // both URLs reach the same baseline here; with a cluster they would be two nodes
        JsonObject r = run("cross-node", "--url", url, "--rooms", "1", "--members", "4", "--messages", "10");
        assertThat(r.getJsonArray("urls")).hasSize(2);
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getLong("delivered")).isEqualTo(4 * 4 * 10);
        assertThat(r.getLong("lost")).isZero();
    }

    @Test
    void echoCountsOneDeliveryPerRoundTrip() throws Exception {
        JsonObject r = run("echo", "--connections", "4", "--messages", "25");
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getLong("delivered")).isEqualTo(100);
        assertThat(r.getLong("lost")).isZero();
    }

    @Test
    void idleHoldsTheConnectionsAndReadsTheServersMemory() throws Exception {
        long pid = ProcessHandle.current().pid();
        JsonObject r = run("idle", "--connections", "40", "--rooms", "4", "--hold", "0", "--server-pid", "" + pid);
        assertThat(r.getBoolean("complete")).as(r.encode()).isTrue();
        assertThat(r.getInteger("connected")).isEqualTo(40);
        assertThat(r.getLong("serverRssAfterKiB")).isPositive();
        assertThat(r.containsKey("rssPerConnKiB")).isTrue();
    }
}
