// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing.impl;

import io.switchboard.consumer.Consumer;
import io.switchboard.consumer.Scope;
import io.switchboard.consumer.impl.ConnectionDriver;
import io.switchboard.consumer.impl.ConsumerEnvironment;
import io.switchboard.middleware.HandshakeRejectedException;
import io.switchboard.middleware.Middleware;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.switchboard.server.impl.Admission;
import io.switchboard.server.impl.AppContextImpl;
import io.switchboard.server.impl.ClientWarnings;
import io.switchboard.server.impl.Forwarding;
import io.switchboard.server.impl.KeepAlive;
import io.switchboard.server.impl.Pipelines;
import io.switchboard.server.impl.ServerWebSocketTransport;
import io.switchboard.server.impl.UpgradeCheck;
import io.switchboard.spi.CallerContext;
import io.switchboard.spi.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The router of one WebSocket verticle instance. */
public final class ProtocolRouterImpl implements ProtocolRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolRouterImpl.class);

    private final Router http;
    private final List<Middleware> middleware;
    private final UrlRouter websocket;
    private final ConsumerEnvironment env;
    private final KeepAlive keepAlive;
    private final Vertx vertx;
    private final ServerOptions options;
    private final Admission admission;
    private final Forwarding forwarding;

    private ProtocolRouterImpl(BuilderImpl b) {
        ServerOptions options = b.app.serverOptions();
        this.http = b.http;
        this.middleware = List.copyOf(b.middleware);
        this.websocket = b.websocket;
        this.env = new ConsumerEnvironment(
                b.app.vertx(), b.app.channelLayer(), b.app.consumerWorkers(), options.getHandshakeTimeout() * 1000L);
        this.vertx = b.app.vertx();
        this.keepAlive = new KeepAlive(b.app.vertx(), options.getPingInterval(), options.getIdleTimeout());
        this.options = options;
        this.admission = ((AppContextImpl) b.app).admission();
        this.forwarding = new Forwarding(options.getTrustedProxies());
    }

    @Override
    public void handle(HttpServerRequest request) {
        Pipelines.headArrived(request);
        if (!isWebSocketUpgrade(request)) {
            if (http != null) {
                http.handle(request);
            } else {
                request.response().setStatusCode(404).end("Not Found");
            }
            return;
        }
        String client = forwarding.client(request);
        UpgradeCheck.Refusal refusal = UpgradeCheck.check(request);
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
        }
        if (refusal != null) {
            refuse(request, client, refusal);
            return;
        }
        // Hold the handshake while middleware and the consumer decide; toWebSocket() resumes it
        request.pause();
        connect(
                Scopes.fromRequest(request, client, forwarding.secure(request)),
                new ServerWebSocketTransport(
                        request, keepAlive, options, client, () -> admission.releaseSocket(client)));
    }

    private static void refuse(HttpServerRequest request, String client, UpgradeCheck.Refusal refusal) {
        ClientWarnings.warn(
                client,
                "WebSocket handshake for " + request.path() + " from " + client + " refused with " + refusal.status()
                        + ": " + refusal.why());
        if (refusal.status() == 426) {
            request.response().putHeader("Sec-WebSocket-Version", "13");
        }
        request.response().setStatusCode(refusal.status()).end();
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    @Override
    public Future<Void> connect(Scope scope, WebSocketTransport transport) {
        // Middleware may finish on another context; the consumer belongs on the socket's loop, and strict thread
        // mode requires the HTTP answer to be written there
        return CallerContext.completeOn(Vertx.currentContext(), runMiddleware(scope, 0))
                .compose(processed -> {
                    var match = websocket.resolve(processed.path());
                    if (match.isEmpty()) {
                        refused(scope, 404, "no route");
                        return transport.reject(404);
                    }
                    Consumer consumer = match.get().factory().get();
                    Scope routed = processed.withUrlRoute(match.get().params());
                    ConnectionDriver.start(routed, consumer, transport, env);
                    return Future.<Void>succeededFuture();
                })
                .recover(err -> {
                    if (err instanceof HandshakeRejectedException rejected) {
                        refused(scope, rejected.status(), rejected.getMessage());
                        return transport.reject(rejected.status());
                    }
                    LOG.error("WebSocket handshake for {} failed", scope.path(), err);
                    return transport.reject(500);
                });
    }

    private static void refused(Scope scope, int status, String why) {
        String client = scope.client() == null
                ? "unknown"
                : Objects.requireNonNullElse(
                        scope.client().hostAddress(), scope.client().host());
        ClientWarnings.warn(
                client,
                "WebSocket handshake for " + scope.path() + " from " + client + " refused with " + status + ": " + why);
    }

    private Future<Scope> runMiddleware(Scope scope, int index) {
        if (index == middleware.size()) {
            return Future.succeededFuture(scope);
        }
        Future<Scope> next;
        try {
            next = Objects.requireNonNull(middleware.get(index).apply(scope), "middleware returned null");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return next.compose(s -> runMiddleware(s, index + 1));
    }

    @Override
    public int openConnections() {
        return env.openConnections();
    }

    @Override
    public Future<Void> close(long timeoutMillis) {
        keepAlive.close();
        Promise<Void> drained = Promise.promise();
        // Each closed socket runs its consumer's disconnect and leaves its groups; wait for the last, within bounds
        long deadline = vertx.setTimer(Math.max(1, timeoutMillis), id -> drained.tryComplete());
        env.noneOpen().onComplete(done -> {
            vertx.cancelTimer(deadline);
            drained.tryComplete();
        });
        return drained.future();
    }

    /** Builds the router and checks its wiring. */
    public static final class BuilderImpl implements Builder {
        private final AppContext app;
        private Router http;
        private final List<Middleware> middleware = new ArrayList<>();
        private UrlRouter websocket;

        /**
         * Starts a builder.
         *
         * @param app the process's context
         */
        public BuilderImpl(AppContext app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        @Override
        public Builder http(Router router) {
            this.http = Objects.requireNonNull(router, "router");
            return this;
        }

        @Override
        public Builder middleware(Middleware middleware) {
            this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
            return this;
        }

        @Override
        public Builder middleware(List<Middleware> middleware) {
            middleware.forEach(this::middleware);
            return this;
        }

        @Override
        public Builder websocket(UrlRouter router) {
            this.websocket = Objects.requireNonNull(router, "router");
            return this;
        }

        @Override
        public ProtocolRouter build() {
            if (websocket == null) {
                throw new IllegalStateException(
                        "ProtocolRouter has no WebSocket routes; add them with websocket(UrlRouter.builder()...build())");
            }
            for (int i = 0; i < middleware.size(); i++) {
                middleware.get(i).checkWiring(List.copyOf(middleware.subList(0, i)));
            }
            return new ProtocolRouterImpl(this);
        }
    }
}
