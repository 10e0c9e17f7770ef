// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.AsyncToSync;
import io.switchboard.consumer.SyncJsonWebSocketConsumer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SyncAndKeepAliveTest {

    /** A sync JSON consumer that uses the blocking layer view from its worker thread. */
    static final class SyncRoom extends SyncJsonWebSocketConsumer {
        SyncRoom() {
            on("room.message", event -> sendJson(new JsonObject().put("echo", event.getString("text"))));
        }

        @Override
        protected void connect() {
            groupAdd("room");
            accept();
        }

        @Override
        protected void receiveJson(JsonObject content) {
            groupSend("room", new JsonObject().put("type", "room.message").put("text", content.getString("text")));
        }
    }

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    private static ProtocolRouter routes(AppContext app) {
        return ProtocolRouter.builder(app)
                .websocket(UrlRouter.builder().route("/ws/room/", SyncRoom::new).build())
                .build();
    }

    @Test
    void aSyncJsonConsumerJoinsSendsAndAnswersBadJsonFromItsWorkerThread(Vertx vertx) throws Exception {
        LoopbackServer server = LoopbackServer.start(vertx, SyncAndKeepAliveTest::routes);
        WebSocket a = server.connect("/ws/room/").await(5, TimeUnit.SECONDS);
        WebSocket b = server.connect("/ws/room/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> aIn = new ArrayBlockingQueue<>(10);
        BlockingQueue<String> bIn = new ArrayBlockingQueue<>(10);
        a.textMessageHandler(aIn::add);
        b.textMessageHandler(bIn::add);
        a.writeTextMessage("{\"text\": \"hi\"}");
        assertThat(aIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"echo\":\"hi\"}");
        assertThat(bIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"echo\":\"hi\"}");
        b.writeTextMessage("nope");
        assertThat(bIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"error\":\"invalid_json\"}");
    }

    @Test
    void asyncToSyncRefusesToBlockAnEventLoopAndWorksFromAWorker(Vertx vertx) throws Exception {
        var context = vertx.getOrCreateContext();
        CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                AsyncToSync.await(context, () -> Future.succeededFuture(1), Duration.ofSeconds(1));
                onLoop.complete(null);
            } catch (Throwable e) {
                onLoop.complete(e);
            }
        });
        assertThat(onLoop.get(5, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Blocking wait on event-loop thread vert.x-eventloop-thread-");

        Integer fromWorker = vertx.executeBlocking(
                        () -> AsyncToSync.await(context, () -> vertx.timer(10).map(t -> 42), Duration.ofSeconds(5)))
                .await(5, TimeUnit.SECONDS);
        assertThat(fromWorker).isEqualTo(42);
        assertThatThrownBy(() -> vertx.executeBlocking(() -> AsyncToSync.await(
                                context,
                                () -> Future.failedFuture(new IllegalArgumentException("bad")),
                                Duration.ofSeconds(5)))
                        .await(5, TimeUnit.SECONDS))
                .hasMessage("bad");
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith1001AfterTheIdleTimeout(Vertx vertx) throws Exception {
        LoopbackServer server = LoopbackServer.start(
                vertx, new ServerOptions().setPingInterval(1).setIdleTimeout(2), SyncAndKeepAliveTest::routes);
        // A raw socket does the handshake by hand and then stays silent: no pongs, no frames. The client is held
        // until the end: Vert.x shuts down a client that becomes garbage, with its sockets (CleanableNetClient)
        NetClient client = vertx.createNetClient();
        NetSocket socket = client.connect(server.port(), "127.0.0.1").await(5, TimeUnit.SECONDS);
        Buffer received = Buffer.buffer();
        CompletableFuture<int[]> pingAndClose = new CompletableFuture<>();
        // The peer never answers the close frame either, so wait for the frame, not for the TCP close
        socket.handler(data -> {
            received.appendBuffer(data);
            int[] seen = frames(received);
            if (seen[1] >= 0) {
                pingAndClose.complete(seen);
            }
        });
        socket.write("GET /ws/room/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        int[] seen;
        try {
            seen = pingAndClose.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no close frame within 10 s; received: "
                    + received.toString(java.nio.charset.StandardCharsets.ISO_8859_1)
                            .replaceAll("[^\\x20-\\x7e\\r\\n]", "."));
        }
        assertThat(received.toString(java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 101");
        boolean sawPing = seen[0] > 0;
        int closeCode = seen[1];
        assertThat(sawPing).as("quiet clients are pinged").isTrue();
        assertThat(closeCode).isEqualTo(1001);
        client.close();
    }

    /** Scans server frames after the handshake: {pings seen, close code or -1}. */
    private static int[] frames(Buffer received) {
        String text = received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n");
        int[] seen = {0, -1};
        if (start < 0) {
            return seen;
        }
        byte[] bytes = received.getBytes();
        for (int i = start + 4; i + 1 < bytes.length; ) {
            int opcode = bytes[i] & 0x0f;
            int length = bytes[i + 1] & 0x7f;
            if (opcode == 0x9) {
                seen[0]++;
            } else if (opcode == 0x8 && length >= 2 && i + 3 < bytes.length) {
                seen[1] = ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
            }
            i += 2 + length;
        }
        return seen;
    }
}
