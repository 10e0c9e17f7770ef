// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.Scope;
import io.switchboard.middleware.HandshakeRejectedException;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.server.Availability;
import io.switchboard.server.ServerMetrics;
import io.switchboard.server.ServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handler of one server instance: plain HTTP goes to the router; an upgrade is checked (the request, the
 * admission limits), gets a transport with keep-alive, and goes to the router for middleware and a consumer. Every
 * connection is held in a {@link ConnectionRegistry} until its consumer is done, so that {@link #drain} can wait for
 * the last one.
 */
public final class WebSocketEndpoint implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    /** How often a drain closes its next batch of sockets. */
    private static final long BATCH_MILLIS = 100;

    private final ProtocolRouter router;
    private final Vertx vertx;
    private final ServerOptions options;
    private final Admission admission;
    private final ServerMetrics metrics;
    private final Forwarding forwarding;
    private final Availability availability;
    private final KeepAlive keepAlive;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    /** Set once a drain began: new sockets are refused, so the stopping instance's clients go elsewhere. */
    private volatile boolean draining;

    /**
     * Creates the endpoint of one instance; call on the instance's event loop, which runs its keep-alive timer.
     *
     * @param router the application's router for this instance
     * @param vertx the Vert.x instance
     * @param options the server's settings
     * @param admission the process's connection limits
     * @param availability whether the process takes clients now
     * @param metrics where upgrades, frames and closes are counted
     */
    public WebSocketEndpoint(
            ProtocolRouter router,
            Vertx vertx,
            ServerOptions options,
            Admission admission,
            Availability availability,
            ServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.router = Objects.requireNonNull(router, "router");
        this.vertx = vertx;
        this.options = options;
        this.admission = admission;
        this.availability = availability;
        this.forwarding = new Forwarding(options.getTrustedProxies());
        this.keepAlive = new KeepAlive(
                vertx, options.getPingInterval(), options.getIdleTimeout(), () -> availability.suspension() != null);
    }

    @Override
    public void handle(HttpServerRequest request) {
        Pipelines.headArrived(request);
        if (!isWebSocketUpgrade(request)) {
            router.handleHttp(request);
            return;
        }
        String client = forwarding.client(request);
        String suspension = availability.suspension();
        UpgradeCheck.Refusal refusal = draining
                ? new UpgradeCheck.Refusal(503, "the server is stopping")
                : suspension != null ? new UpgradeCheck.Refusal(503, suspension) : UpgradeCheck.check(request);
        ServerMetrics.Refusal reason =
                draining || suspension != null ? ServerMetrics.Refusal.STOPPING : ServerMetrics.Refusal.BAD_REQUEST;
        if (refusal == null) {
            refusal = switch (admission.admitSocket(client)) {
                case ADMITTED -> null;
                case FULL ->
                    new UpgradeCheck.Refusal(503, admission.maxSockets() + " sockets open (server.maxConnections)");
                case ADDRESS_FULL ->
                    new UpgradeCheck.Refusal(
                            429,
                            "the address holds " + options.getMaxConnectionsPerAddress()
                                    + " sockets (server.maxConnectionsPerAddress)");
            };
            reason = refusal != null && refusal.status() == 429
                    ? ServerMetrics.Refusal.ADDRESS_FULL
                    : ServerMetrics.Refusal.FULL;
        }
        if (refusal != null) {
            metrics.refused(reason);
            refuse(request, client, refusal);
            return;
        }
        // Hold the handshake while middleware and the consumer decide; toWebSocket() resumes it
        request.pause();
        Scope scope = Scopes.fromRequest(request, client, forwarding.secure(request));
        router.connect(
                        scope,
                        new ServerWebSocketTransport(
                                request,
                                keepAlive,
                                options,
                                client,
                                connections,
                                metrics,
                                () -> admission.releaseSocket(client)))
                .onFailure(err -> {
                    if (err instanceof HandshakeRejectedException rejected) {
                        warnRefused(client, scope.path(), rejected.status(), rejected.getMessage());
                    } else {
                        LOG.error("WebSocket handshake for {} failed", scope.path(), err);
                    }
                });
    }

    private static void refuse(HttpServerRequest request, String client, UpgradeCheck.Refusal refusal) {
        warnRefused(client, request.path(), refusal.status(), refusal.why());
        if (refusal.status() == 426) {
            request.response().putHeader("Sec-WebSocket-Version", "13");
        }
        request.response().setStatusCode(refusal.status()).end();
    }

    private static void warnRefused(String client, String path, int status, String why) {
        ClientWarnings.warn(
                client, "WebSocket handshake for " + path + " from " + client + " refused with " + status + ": " + why);
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** @return the connections this instance holds now */
    public int openConnections() {
        return connections.held();
    }

    /**
     * Closes this instance's sockets with 1012 {@code service_restart}, a batch every {@value #BATCH_MILLIS} ms
     * spread over {@code periodMillis}, so that its clients reconnect elsewhere a few at a time rather than in one
     * stampede; refuses new ones meanwhile; then waits, within a bound, for their consumers to run
     * {@code disconnect} and leave their groups. A handful of sockets close within a few batches, whatever the
     * period.
     *
     * @param periodMillis the time over which the sockets are closed; 0 closes them all at once
     * @param timeoutMillis the longest wait for the consumers after the last batch
     * @return a future completed once every connection was released or the time ran out
     */
    public Future<Void> drain(long periodMillis, long timeoutMillis) {
        draining = true;
        Promise<Void> closed = Promise.promise();
        closeInBatches(keepAlive.stop(), periodMillis, closed);
        return closed.future().compose(v -> released(timeoutMillis));
    }

    /**
     * Closes this instance's sockets with 1012 {@code service_restart} in batches over {@code periodMillis}, as a
     * drain does, for a suspended process ({@link Availability}); call on this instance's event loop.
     *
     * @param periodMillis the time over which the sockets are closed
     * @return a future completed once the last batch was closed
     */
    public Future<Void> closeAll(long periodMillis) {
        Promise<Void> closed = Promise.promise();
        closeInBatches(keepAlive.open(), periodMillis, closed);
        return closed.future();
    }

    private void closeInBatches(List<ServerWebSocketTransport> open, long periodMillis, Promise<Void> closed) {
        long batches = Math.max(1, periodMillis / BATCH_MILLIS);
        int batch = (int) Math.max(1, (open.size() + batches - 1) / batches);
        closeBatch(open, 0, batch, closed);
    }

    private void closeBatch(List<ServerWebSocketTransport> open, int from, int batch, Promise<Void> closed) {
        int to = Math.min(open.size(), from + batch);
        for (int i = from; i < to; i++) {
            open.get(i).close(CloseCodes.SERVICE_RESTART, "service_restart");
        }
        if (to == open.size()) {
            closed.complete();
        } else {
            vertx.setTimer(BATCH_MILLIS, id -> closeBatch(open, to, batch, closed));
        }
    }

    private Future<Void> released(long timeoutMillis) {
        Promise<Void> drained = Promise.promise();
        long deadline = vertx.setTimer(Math.max(1, timeoutMillis), id -> drained.tryComplete());
        connections.noneHeld().onComplete(done -> {
            vertx.cancelTimer(deadline);
            drained.tryComplete();
        });
        return drained.future();
    }
}
