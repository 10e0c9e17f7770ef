// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.Application;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SwitchboardTest {

    static final class Echo extends WebSocketConsumer {
        @Override
        protected Future<Void> receive(String text) {
            return send(text);
        }
    }

    private static final Application ECHO = app -> ProtocolRouter.builder(app)
            .websocket(UrlRouter.builder().route("/ws/echo/", Echo::new).build())
            .build();

    @Test
    void anUnknownLayerBackendFailsTheStartNamingTheKnownOnes() {
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject config = new JsonObject().put("layer", new JsonObject().put("backend", "redis2"));
            Future<Switchboard.RunningServer> started = Switchboard.start(vertx, ECHO, config);
            assertThat(started.failed()).isTrue();
            assertThat(started.cause())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("layer.backend 'redis2' is unknown; expected one of: ")
                    .hasMessageContaining("memory");
        } finally {
            vertx.close();
        }
    }

    @Test
    void aBadServerValueFailsTheStart() {
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject config = new JsonObject().put("server", new JsonObject().put("port", -1));
            Future<Switchboard.RunningServer> started = Switchboard.start(vertx, ECHO, config);
            assertThat(started.cause()).hasMessage("server.port must be between 0 and 65535, was -1");
        } finally {
            vertx.close();
        }
    }

    @Test
    void severalInstancesShareThePortAndStopCleanly() throws Exception {
        Vertx vertx = Vertx.vertx();
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject()
                                .put("host", "127.0.0.1")
                                .put("port", LoopbackPorts.free())
                                .put("instances", 3)
                                .put("allowedOrigins", "*"))
                .put("management", new JsonObject().put("port", 0));
        Switchboard.RunningServer server =
                Switchboard.start(vertx, ECHO, config).await(10, TimeUnit.SECONDS);
        var client = vertx.createWebSocketClient();
        for (int i = 0; i < 6; i++) {
            var ws = client.connect(new WebSocketConnectOptions()
                            .setHost("127.0.0.1")
                            .setPort(server.port())
                            .setURI("/ws/echo/"))
                    .await(5, TimeUnit.SECONDS);
            var reply = new java.util.concurrent.CompletableFuture<String>();
            ws.textMessageHandler(reply::complete);
            ws.writeTextMessage("ping " + i);
            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("ping " + i);
        }
        assertThat(server.openConnections()).isEqualTo(6);
        server.close().await(10, TimeUnit.SECONDS);
    }
}
