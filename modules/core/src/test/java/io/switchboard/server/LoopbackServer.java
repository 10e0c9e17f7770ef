// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real server on a loopback port for one test, with a client to reach it. */
final class LoopbackServer {

    final Vertx vertx;
    final ChannelLayer layer;
    final AppContext app;
    final WebSocketServerVerticle verticle;
    final WebSocketClient client;

    private LoopbackServer(
            Vertx vertx, ChannelLayer layer, AppContext app, WebSocketServerVerticle verticle, WebSocketClient client) {
        this.vertx = vertx;
        this.layer = layer;
        this.app = app;
        this.verticle = verticle;
        this.client = client;
    }

    static LoopbackServer start(Vertx vertx, ServerOptions options, Function<AppContext, ProtocolRouter> routes)
            throws Exception {
        return start(vertx, options, ChannelLayer.memory(vertx), routes);
    }

    static LoopbackServer start(
            Vertx vertx, ServerOptions options, ChannelLayer layer, Function<AppContext, ProtocolRouter> routes)
            throws Exception {
        AppContext app =
                AppContext.create(vertx, layer, options.setHost("127.0.0.1").setPort(0), new JsonObject());
        WebSocketServerVerticle verticle = new WebSocketServerVerticle(routes::apply, app);
        vertx.deployVerticle(verticle, new DeploymentOptions()).await(5, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
        return new LoopbackServer(vertx, layer, app, verticle, client);
    }

    static LoopbackServer start(Vertx vertx, Function<AppContext, ProtocolRouter> routes) throws Exception {
        return start(vertx, new ServerOptions(), routes);
    }

    /** Undeploys every verticle of {@code vertx}: what each server test does after each test. */
    static void undeployAll(Vertx vertx) throws Exception {
        for (String id : vertx.deploymentIDs()) {
            vertx.undeploy(id).await(10, TimeUnit.SECONDS);
        }
    }

    int port() {
        return verticle.actualPort();
    }

    WebSocketConnectOptions options(String path) {
        return new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port())
                .setURI(path)
                .addHeader("Origin", "http://127.0.0.1:" + port()); // the server's own origin
    }

    Future<WebSocket> connect(String path) {
        return client.connect(options(path));
    }

    /** Polls a condition that no event announces (a counter), for at most 10 s. */
    static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
