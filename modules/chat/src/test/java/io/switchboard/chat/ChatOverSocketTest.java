// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.launcher.Switchboard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatOverSocketTest extends ChatScenarios {

    private Vertx vertx;
    private H2TestDatabase database;
    private Switchboard.RunningServer server;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        database = new H2TestDatabase();
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put("db", database.config())
                .put("management", new JsonObject().put("port", 0));
        server = Switchboard.start(vertx, new ChatApplication(), config).await(10, TimeUnit.SECONDS);
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } finally {
            database.close();
        }
    }

    @Override
    ChatClient client(String path, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setURI(path)
                // the scenarios' own origin is the in-process one; over a socket it has the server's port
                .addHeader("Origin", origin.equals(OWN_ORIGIN) ? "http://127.0.0.1:" + server.port() : origin);
        return new SocketClient(options);
    }

    private final class SocketClient implements ChatClient {
        private final WebSocketConnectOptions options;
        private final ArrayDeque<String> frames = new ArrayDeque<>();
        private final ArrayDeque<Promise<String>> waiters = new ArrayDeque<>();
        private WebSocket socket;

        SocketClient(WebSocketConnectOptions options) {
            this.options = options;
        }

        @Override
        public Future<Integer> connect() {
            return client.connect(options)
                    .map(ws -> {
                        socket = ws;
                        ws.textMessageHandler(this::arrived);
                        return 101;
                    })
                    .recover(err -> err instanceof UpgradeRejectedException rejected
                            ? Future.succeededFuture(rejected.getStatus())
                            : Future.failedFuture(err));
        }

        private synchronized void arrived(String text) {
            Promise<String> waiter = waiters.poll();
            if (waiter != null) {
                waiter.complete(text);
            } else {
                frames.add(text);
            }
        }

        @Override
        public Future<Void> sendText(String text) {
            return socket.writeTextMessage(text);
        }

        @Override
        public synchronized Future<JsonObject> receive() {
            String frame = frames.poll();
            if (frame != null) {
                return Future.succeededFuture(new JsonObject(frame));
            }
            Promise<String> waiter = Promise.promise();
            waiters.add(waiter);
            return waiter.future().map(JsonObject::new);
        }

        @Override
        public Future<Void> receiveNothing() {
            Promise<Void> quiet = Promise.promise();
            vertx.setTimer(300, t -> {
                synchronized (this) {
                    if (frames.isEmpty()) {
                        quiet.complete();
                    } else {
                        quiet.fail(new AssertionError("Expected nothing, got " + frames.peek()));
                    }
                }
            });
            return quiet.future();
        }

        @Override
        public Future<Void> disconnect() {
            return socket.close();
        }
    }
}
