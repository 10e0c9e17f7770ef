// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import io.switchboard.chat.ChatApplication;
import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Switchboard's chat in this JVM, on its own Vert.x, started by {@link Switchboard#start} with the configuration a
 * process would read: {@code layer.backend} {@code redis} or {@code redis-pubsub} with the given Redis and prefix,
 * a free loopback port, and a private in-memory database. {@link #close} stops it.
 */
final class SwitchboardChat implements AutoCloseable {

    private final RunningServer server;

    private SwitchboardChat(RunningServer server) {
        this.server = server;
    }

    static JsonObject config(String backend, String redisUrl, String prefix) {
        return new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put(
                        "layer",
                        new JsonObject()
                                .put("backend", backend)
                                .put("hosts", new JsonArray().add(redisUrl))
                                .put("prefix", prefix))
                .put(
                        "db",
                        new JsonObject()
                                .put("url", "jdbc:h2:mem:chat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                                .put("workers", 2));
    }

    static SwitchboardChat start(JsonObject config) throws Exception {
        if (!config.containsKey("management")) {
            config.put("management", new JsonObject().put("port", 0));
        }
        Vertx vertx = Switchboard.vertx(config).await(10, TimeUnit.SECONDS);
        try {
            return new SwitchboardChat(
                    Switchboard.start(vertx, new ChatApplication(), config).await(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close().await(15, TimeUnit.SECONDS);
    }
}
