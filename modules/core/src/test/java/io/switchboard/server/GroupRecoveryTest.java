// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.ConsumerConnection;
import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.consumer.Recovery;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.StreamPosition;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recovery through a consumer, on a real server and real sockets: a client that comes back with its last position
 * gets exactly what it missed, then the live messages, with no gap and no duplicate at the seam; a live stream that
 * breaks is filled from the history, or the consumer is told.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupRecoveryTest {

    /** Joins room_{room} from the client's ?offset=&epoch=, says how that went, and relays the room's messages. */
    static final class Room extends JsonWebSocketConsumer {
        private String group;

        Room() {
            on("room.message", message -> {
                StreamPosition at = StreamPosition.of(message);
                JsonObject frame = new JsonObject().put("n", message.getInteger("n"));
                if (at != null) {
                    frame.put("offset", at.offset()).put("epoch", at.epoch());
                }
                return sendJson(frame);
            });
            on(
                    ConsumerConnection.GROUP_GAP,
                    gap -> sendJson(new JsonObject()
                            .put("gap", gap.getString("reason"))
                            .put("offset", gap.getLong("offset"))
                            .put("epoch", gap.getString("epoch"))));
        }

        /**
         * {"burst": n} sends n messages to the room at once from this connection's event loop: its own mailbox
         * cannot be drained meanwhile, so a small capacity drops all but the first few, as a slow consumer would.
         */
        @Override
        protected Future<Void> receiveJson(JsonObject content) {
            for (int n = 1; n <= content.getInteger("burst"); n++) {
                groupSend(group, new JsonObject().put("type", "room.message").put("n", n));
            }
            return Future.succeededFuture();
        }

        @Override
        protected Future<Void> connect() {
            group = "room_" + scope().routeParam("room");
            String offset = scope().queryParam("offset");
            StreamPosition since =
                    offset == null ? null : new StreamPosition(Long.parseLong(offset), scope().queryParam("epoch"));
            return groupAdd(group, since).compose(recovery -> accept().compose(v -> sendJson(answer(recovery))));
        }

        private static JsonObject answer(Recovery recovery) {
            return new JsonObject()
                    .put("recovered", recovery.recovered())
                    .put("missed", recovery.missed())
                    .put("offset", recovery.position().offset())
                    .put("epoch", recovery.position().epoch());
        }
    }

    private LoopbackServer server;

    private LoopbackServer start(Vertx vertx, ChannelLayerOptions options) throws Exception {
        ChannelLayer layer = ChannelLayer.memory(vertx, options);
        server = LoopbackServer.start(
                vertx,
                new ServerOptions(),
                layer,
                app -> ProtocolRouter.builder(app)
                        .websocket(UrlRouter.builder()
                                .route("/ws/room/{room}/", Room::new)
                                .build())
                        .build());
        return server;
    }

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    private record Client(WebSocket socket, BlockingQueue<JsonObject> frames) {
        JsonObject next() throws InterruptedException {
            JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }

        void close() throws Exception {
            socket.close().await(5, TimeUnit.SECONDS);
        }
    }

    private Client connect(String path) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = server.client
                .connect(server.options(path))
                .onSuccess(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text))))
                .await(10, TimeUnit.SECONDS);
        return new Client(socket, frames);
    }

    private void send(String group, int n) throws Exception {
        send(group, new JsonObject().put("type", "room.message").put("n", n));
    }

    private void send(String group, JsonObject message) throws Exception {
        server.layer.groupSend(group, message).await(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientBackWithItsPositionGetsExactlyWhatItMissedThenTheLiveMessages(Vertx vertx) throws Exception {
        start(vertx, new ChannelLayerOptions().putGroupHistory("room_*", 100, 60));
        Client first = connect("/ws/room/a/");
        JsonObject hello = first.next();
        assertThat(hello.getBoolean("recovered")).isTrue();
        assertThat(hello.getLong("offset")).isZero();
        String epoch = hello.getString("epoch");
        for (int n = 1; n <= 3; n++) {
            send("room_a", n);
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(first.next())
                    .isEqualTo(
                            new JsonObject().put("n", n).put("offset", (long) n).put("epoch", epoch));
        }
        first.close();
        for (int n = 4; n <= 8; n++) {
            send("room_a", n);
        }
        Client back = connect("/ws/room/a/?offset=3&epoch=" + epoch);
        assertThat(back.next())
                .isEqualTo(new JsonObject()
                        .put("recovered", true)
                        .put("missed", 5)
                        .put("offset", 8L)
                        .put("epoch", epoch));
        send("room_a", 9);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(back.next().getInteger("n"));
        }
        assertThat(seen).containsExactly(4, 5, 6, 7, 8, 9);
    }

    @Test
    void noGapAndNoDuplicateAtTheSeamWhileTheRoomIsBusy(Vertx vertx) throws Exception {
        start(vertx, new ChannelLayerOptions().putGroupHistory("room_*", HistoryPolicy.MAX_SIZE, 60));
        int total = 2_000;
        // A sender on the event loop keeps the room busy while the client comes back
        Future<Void> sending = vertx.executeBlocking(() -> {
            for (int n = 1; n <= total; n++) {
                server.layer.groupSend(
                        "room_b", new JsonObject().put("type", "room.message").put("n", n));
                if (n % 100 == 0) {
                    Thread.onSpinWait();
                }
            }
            return null;
        });
        Client back = connect("/ws/room/b/?offset=0&epoch=" + epochOf("room_b"));
        JsonObject hello = back.next();
        assertThat(hello.getBoolean("recovered")).isTrue();
        sending.await(10, TimeUnit.SECONDS);
        for (int n = 1; n <= total; n++) {
            assertThat(back.next().getInteger("n"))
                    .as("message after %s", n - 1)
                    .isEqualTo(n);
        }
        assertThat(back.frames()).isEmpty();
    }

    private String epochOf(String group) throws Exception {
        return server.layer
                .groupHistory(group, null)
                .await(5, TimeUnit.SECONDS)
                .top()
                .epoch();
    }

    @Test
    void anotherEpochIsNotRecoveredAndTheLiveMessagesFollow(Vertx vertx) throws Exception {
        start(vertx, new ChannelLayerOptions().putGroupHistory("room_*", 100, 60));
        send("room_c", 1);
        Client back = connect("/ws/room/c/?offset=40&epoch=gone");
        JsonObject hello = back.next();
        assertThat(hello.getBoolean("recovered")).isFalse();
        assertThat(hello.getLong("offset")).isEqualTo(1);
        send("room_c", 2);
        assertThat(back.next().getInteger("n")).isEqualTo(2);
    }

    @Test
    void messagesAFullMailboxMissedAreFilledFromTheHistoryInOrder(Vertx vertx) throws Exception {
        // A mailbox of 2: a burst of 30 keeps 2 and a loss marker, and the history fills in the other 28
        start(vertx, new ChannelLayerOptions().setCapacity(2).putGroupHistory("room_*", 1_000, 60));
        Client client = connect("/ws/room/d/");
        assertThat(client.next().getBoolean("recovered")).isTrue();
        client.socket().writeTextMessage("{\"burst\": 30}");
        for (int n = 1; n <= 30; n++) {
            assertThat(client.next().getInteger("n")).isEqualTo(n);
        }
        assertThat(server.layer.stats().droppedFull()).isPositive();
    }

    @Test
    void aGapTheHistoryCannotFillIsToldToTheConsumer(Vertx vertx) throws Exception {
        // A mailbox of 1 and a history of 3: a burst of 20 keeps 1, and 17 are gone from both
        start(vertx, new ChannelLayerOptions().setCapacity(1).putGroupHistory("room_*", 3, 60));
        Client client = connect("/ws/room/e/");
        assertThat(client.next().getBoolean("recovered")).isTrue();
        client.socket().writeTextMessage("{\"burst\": 20}");
        List<JsonObject> frames = new ArrayList<>();
        JsonObject frame;
        do {
            frame = client.next();
            frames.add(frame);
        } while (!frame.containsKey("gap"));
        assertThat(frame.getString("gap")).isEqualTo("offset 1 fell out of the history");
        assertThat(frame.getLong("offset")).isEqualTo(20);
        assertThat(frame.getString("epoch")).isNotNull();
        // After the gap, live messages follow on from the position it named
        send("room_e", 21);
        do {
            frame = client.next();
            frames.add(frame);
        } while (frame.getInteger("n", 0) != 21);
        // Whatever came, came once and in order
        List<Integer> numbers = frames.stream()
                .filter(f -> f.containsKey("n"))
                .map(f -> f.getInteger("n"))
                .toList();
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
    }
}
