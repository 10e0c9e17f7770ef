// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The chat on loopback, on a free port, with a test's database and {@code chat} settings. */
final class ChatServer {

    private final Vertx vertx;
    private final ChatApplication application;
    private final RunningServer server;
    private final WebClient http;
    private final WebSocketClient sockets;

    private ChatServer(Vertx vertx, ChatApplication application, RunningServer server) {
        this.vertx = vertx;
        this.application = application;
        this.server = server;
        this.http = WebClient.create(vertx);
        this.sockets = vertx.createWebSocketClient();
    }

    /** Starts the chat with two WebSocket verticle instances, so HTTP and socket may land on different loops. */
    static ChatServer start(TestDatabase database, JsonObject chat) throws Exception {
        return start(database, chat, new JsonObject());
    }

    /** Starts the chat as {@link #start(TestDatabase, JsonObject)} does, with more sections ({@code layer}, ...). */
    static ChatServer start(TestDatabase database, JsonObject chat, JsonObject more) throws Exception {
        JsonObject config = more.copy()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 2))
                .put("db", database.config())
                // no management server: tests run side by side, and its figures are ManagementTest's
                .put("management", new JsonObject().put("port", 0))
                .put("chat", chat);
        Vertx vertx = Vertx.vertx();
        ChatApplication application = new ChatApplication();
        try {
            return new ChatServer(
                    vertx,
                    application,
                    Switchboard.start(vertx, application, config).await(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    Visitor visitor() {
        return new Visitor(vertx, http, sockets, server.port());
    }

    /** A visitor who comes with a session cookie, as a browser that was here before. */
    Visitor visitor(String sessionId) {
        return new Visitor(vertx, http, sockets, server.port(), sessionId);
    }

    int port() {
        return server.port();
    }

    Vertx vertx() {
        return vertx;
    }

    /** The client the visitors share, for requests a visitor does not make. */
    WebClient http() {
        return http;
    }

    /** @return how many sessions the server's session store holds (the database's, by default) */
    int storedSessions() throws Exception {
        return application.sessions().size().await(5, TimeUnit.SECONDS);
    }

    /** Empties the session store, for a store that outlives the test (Redis). */
    void clearSessions() throws Exception {
        application.sessions().clear().await(5, TimeUnit.SECONDS);
    }

    /** Runs a pass of the history's pruning now, rather than within a minute. */
    long pruneHistory() throws Exception {
        return application.retention().prune().await(20, TimeUnit.SECONDS);
    }

    /** Lets time pass, for what only time ends (a log-in delay). */
    void letTimePass(Duration time) throws Exception {
        vertx.timer(time.toMillis(), TimeUnit.MILLISECONDS).await(time.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    void stop() throws Exception {
        server.close().await(15, TimeUnit.SECONDS);
    }
}
