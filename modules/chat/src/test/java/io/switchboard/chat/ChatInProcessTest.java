// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.consumer.CloseCodes;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.switchboard.testkit.WebSocketCommunicator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatInProcessTest extends ChatScenarios {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private Vertx vertx;
    private H2TestDatabase database;
    private ChatApplication application;
    private AppContext app;
    private ProtocolRouter router;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        database = new H2TestDatabase();
        JsonObject config = new JsonObject().put("db", database.config());
        app = AppContext.create(vertx, ChannelLayer.memory(vertx), new ServerOptions(), config);
        application = new ChatApplication();
        application.start(app).await(10, TimeUnit.SECONDS);
        router = application.router(app);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            application.stop().await(5, TimeUnit.SECONDS);
            app.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        } finally {
            database.close();
        }
    }

    @Override
    ChatClient client(String path, String origin) {
        WebSocketCommunicator communicator =
                WebSocketCommunicator.create(vertx, router, path).header("Origin", origin);
        return new ChatClient() {
            @Override
            public Future<Integer> connect() {
                return communicator.connect().map(WebSocketCommunicator.Connection::status);
            }

            @Override
            public Future<Void> sendText(String text) {
                return communicator.sendText(text);
            }

            @Override
            public Future<JsonObject> receive() {
                return communicator.receiveJson(WAIT);
            }

            @Override
            public Future<Void> receiveNothing() {
                return communicator.receiveNothing(Duration.ofMillis(300));
            }

            @Override
            public Future<Void> disconnect() {
                return communicator.disconnect(CloseCodes.NORMAL);
            }
        };
    }
}
