// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** The chat on loopback, on a free port, with a test's database and {@code chat} settings. */
final class ChatServer {

    private final Vertx vertx;
    private final RunningServer server;
    private final WebClient http;
    private final WebSocketClient sockets;

    private ChatServer(Vertx vertx, RunningServer server) {
        this.vertx = vertx;
        this.server = server;
        this.http = WebClient.create(vertx);
        this.sockets = vertx.createWebSocketClient();
    }

    /** Starts the chat with two WebSocket verticle instances, so HTTP and socket may land on different loops. */
    static ChatServer start(TestDatabase database, JsonObject chat) throws Exception {
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 2))
                .put("db", database.config())
                .put("chat", chat);
        Vertx vertx = Vertx.vertx();
        try {
            return new ChatServer(
                    vertx,
                    Switchboard.start(vertx, new ChatApplication(), config).await(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    Visitor visitor() {
        return new Visitor(vertx, http, sockets, server.port());
    }

    int port() {
        return server.port();
    }

    void stop() throws Exception {
        server.close().await(15, TimeUnit.SECONDS);
    }
}
