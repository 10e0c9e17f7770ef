// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static io.switchboard.config.ConfigKey.Type.INT;

import io.switchboard.config.ConfigKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;

/**
 * The management server: {@code /health/live}, {@code /health/ready} and {@code /metrics} on a port of their own
 * ({@code management.port}), so that probes and Prometheus never share the client port, its limits or its routes.
 * One HTTP server per process, on one event loop.
 */
final class Management {

    /** The keys of the {@code management} section. */
    static final ConfigKeys KEYS = ConfigKeys.section("management").key("port", INT, "SWITCHBOARD_MANAGEMENT_PORT");

    /** Default port; {@code 0} turns the management server off. */
    static final int DEFAULT_PORT = 9000;

    private final Liveness liveness;
    private HttpServer server;

    private Management(Liveness liveness) {
        this.liveness = liveness;
    }

    /**
     * Reads {@code management.port}.
     *
     * @throws ConfigurationException for a port outside 0-65535
     */
    static int port(JsonObject config) {
        Object value = Settings.section(config, "management").getValue("port", DEFAULT_PORT);
        if (!(value instanceof Number number) || number.intValue() < 0 || number.intValue() > 65_535) {
            throw new ConfigurationException(
                    "management.port must be 0 (off) or a port up to 65535, was " + value
                            + " (set it with SWITCHBOARD_MANAGEMENT_PORT)",
                    null);
        }
        return number.intValue();
    }

    /**
     * Starts the management server.
     *
     * @param vertx the process's Vert.x
     * @param host the address to bind, the main server's
     * @param port the port; the future fails with a {@link ConfigurationException} naming it when it is in use
     * @param metering the figures and readiness checks
     * @param eventLoops the contexts whose answers say the process is live
     * @return a future of the running server
     */
    static Future<Management> start(Vertx vertx, String host, int port, Metering metering, List<Context> eventLoops) {
        Liveness liveness = Liveness.start(vertx, eventLoops);
        metering.gauge(
                "switchboard.event.loop.delay.seconds",
                "Seconds the slowest server event loop took to answer its last ping (one a second)",
                liveness::delaySeconds);
        Management management = new Management(liveness);
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> {
            String blocked = liveness.blocked();
            ctx.response()
                    .setStatusCode(blocked == null ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(
                            blocked == null
                                    ? "{\"status\":\"UP\"}"
                                    : new JsonObject()
                                            .put("status", "DOWN")
                                            .put("error", blocked)
                                            .encode());
        });
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(metering.readiness()));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metering.registry()));
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router)
                .listen()
                .recover(err -> {
                    liveness.stop();
                    return Future.failedFuture(
                            Ports.inUse(err, host, port, "management.port", "SWITCHBOARD_MANAGEMENT_PORT"));
                })
                .map(server -> {
                    management.server = server;
                    return management;
                });
    }

    /** @return the port it listens on */
    int port() {
        return server.actualPort();
    }

    /** @return a future completed once it stopped listening */
    Future<Void> close() {
        liveness.stop();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
