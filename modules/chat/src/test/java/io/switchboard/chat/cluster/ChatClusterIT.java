// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat on three nodes of one Hazelcast cluster in this JVM, with the {@code eventbus} layer: WebSocket clients
 * on every node share rooms.
 */
@Timeout(value = 45, unit = TimeUnit.SECONDS)
class ChatClusterIT {

    private static final Duration SPREAD = Duration.ofSeconds(10);

    private final List<RoomClient> clients = new ArrayList<>();
    private ChatNodes nodes;
    private Vertx clientVertx;
    private WebSocketClient ws;

    @BeforeEach
    void startThreeNodes() throws Exception {
        nodes = new ChatNodes(4);
        for (int i = 0; i < 3; i++) {
            nodes.start(i);
        }
        clientVertx = Vertx.vertx();
        ws = clientVertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(RoomClient::close);
        if (nodes != null) {
            nodes.close();
        }
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private RoomClient join(int node, String room, String name) throws Exception {
        RoomClient client = RoomClient.connect(ws, nodes.node(node).port(), room, name);
        clients.add(client);
        return client;
    }

    @Test
    void everyMessageInARoomReachesEveryClientOnEveryNodeExactlyOnceAndRoomsStayApart() throws Exception {
        assertThat(nodes.members(0)).isEqualTo(3);
        List<RoomClient> lobby = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            lobby.add(join(node, "lobby", "lobby-" + node + "a"));
            lobby.add(join(node, "lobby", "lobby-" + node + "b"));
        }
        List<RoomClient> kitchen = List.of(join(0, "kitchen", "kitchen-0"), join(2, "kitchen", "kitchen-2"));

        RoomChecks.awaitSpread(lobby, SPREAD);
        RoomChecks.awaitSpread(kitchen, SPREAD);

        // six senders on three nodes, two messages each: every lobby client gets the twelve, once each
        RoomChecks.exchange(lobby, lobby, 2);
        RoomChecks.exchange(kitchen, kitchen, 2);
        // a kitchen message in a lobby queue fails RoomClient.next; and nothing more came
        for (RoomClient client : lobby) {
            assertThat(RoomChecks.receive(client, Integer.MAX_VALUE, Duration.ZERO))
                    .isEmpty();
        }
    }

    @Test
    void afterAHardKillTheOtherNodesKeepDeliveringAndANewNodeTakesPart() throws Exception {
        RoomClient a = join(0, "lobby", "a@0");
        RoomClient b = join(1, "lobby", "b@1");
        RoomClient c = join(2, "lobby", "c@2");
        RoomChecks.awaitSpread(List.of(a, b, c), SPREAD);
        RoomChecks.exchange(List.of(a, b, c), List.of(a, b, c), 1);

        CompletableFuture<Void> noticed0 = nodes.whenMembers(0, 2);
        CompletableFuture<Void> noticed1 = nodes.whenMembers(1, 2);
        nodes.kill(2);

        // at once, before the cluster has noticed: the survivors' clients still get each other's messages
        RoomChecks.exchange(List.of(a, b), List.of(a, b), 2);

        CompletableFuture.allOf(noticed0, noticed1).get(ChatNodes.MEMBER_TIMEOUT * 4L, TimeUnit.SECONDS);
        RoomChecks.exchange(List.of(a, b), List.of(a, b), 2);

        nodes.start(3);
        assertThat(nodes.members(3)).isEqualTo(3);
        RoomClient d = join(3, "lobby", "d@3");
        RoomChecks.awaitSpread(List.of(a, b, d), SPREAD);
        List<String> sent = RoomChecks.exchange(List.of(a, b, d), List.of(a, b, d), 2);

        // the killed node is out of the room: nothing of the new node's era is routed to its client
        List<String> late = RoomChecks.receive(c, Integer.MAX_VALUE, Duration.ZERO);
        assertThat(late).doesNotContainAnyElementsOf(sent);
    }

    @Test
    void aClientWhoseNodeDiesComesBackOnASurvivorAndMissesNothing() throws Exception {
        RoomClient sender = join(1, "lobby", "sender@1");
        ChatSocket reader = ChatSocket.open(ws, nodes.node(2).port(), "lobby", "", null, "reader@2");
        reader.history();
        // the room spans both nodes once one of the sender's messages reaches the reader
        long deadline = System.nanoTime() + SPREAD.toNanos();
        JsonObject last = null;
        for (int n = 1; last == null; n++) {
            assertThat(System.nanoTime()).as("the room spans both nodes").isLessThan(deadline);
            sender.say("sync " + n);
            last = reader.pollLive(Duration.ofMillis(500));
        }
        sender.say("before");
        last = reader.awaitMessage("lobby: before", Duration.ofSeconds(5));
        assertThat(last).isNotNull();

        // the reader's node dies, its socket with it; the room's history has its backup on another node
        nodes.awaitSafe();
        nodes.kill(2);
        reader.close();
        for (int i = 1; i <= 5; i++) {
            sender.say("while away " + i);
        }
        ChatSocket back = ChatSocket.open(
                ws,
                nodes.node(0).port(),
                "lobby",
                "offset=" + last.getLong("offset") + "&epoch=" + last.getString("epoch"),
                null,
                "reader@0");
        JsonObject answer = back.next(Duration.ofSeconds(10));
        assertThat(answer.getBoolean("recovered")).as("answer %s", answer).isTrue();
        List<String> missed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            JsonObject frame = back.pollLive(Duration.ofSeconds(10));
            assertThat(frame).as("missed message %s", i).isNotNull();
            missed.add(frame.getString("message"));
        }
        assertThat(missed)
                .containsExactly(
                        "lobby: while away 1",
                        "lobby: while away 2",
                        "lobby: while away 3",
                        "lobby: while away 4",
                        "lobby: while away 5");
        sender.say("after");
        assertThat(back.awaitMessage("lobby: after", Duration.ofSeconds(5))).isNotNull();
        back.nothing(Duration.ofMillis(200));
        back.close();
    }
}
