// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing.impl;

import io.switchboard.consumer.Consumer;
import io.switchboard.consumer.ConsumerContext;
import io.switchboard.consumer.Scope;
import io.switchboard.consumer.impl.ConnectionDriver;
import io.switchboard.consumer.impl.ConsumerEnvironment;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.switchboard.layer.spi.CallerContext;
import io.switchboard.middleware.HandshakeRejectedException;
import io.switchboard.middleware.Middleware;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The router of one WebSocket verticle instance. */
public final class ProtocolRouterImpl implements ProtocolRouter {

    private final Router http;
    private final List<Middleware> middleware;
    private final UrlRouter websocket;
    private final ConsumerEnvironment env;

    private ProtocolRouterImpl(BuilderImpl b) {
        this.http = b.http;
        this.middleware = List.copyOf(b.middleware);
        this.websocket = b.websocket;
        this.env = new ConsumerEnvironment(
                b.app.vertx(),
                b.app.channelLayer(),
                b.app.consumerWorkers(),
                b.app.handshakeTimeout().toMillis(),
                b.app.metrics());
    }

    @Override
    public void handleHttp(HttpServerRequest request) {
        if (http != null) {
            http.handle(request);
        } else {
            request.response().setStatusCode(404).end("Not Found");
        }
    }

    @Override
    public Future<Void> connect(Scope scope, WebSocketTransport transport) {
        // Middleware may finish on another context; the consumer belongs on the socket's loop, and strict thread
        // mode requires the HTTP answer to be written there
        return CallerContext.completeOn(Vertx.currentContext(), runMiddleware(scope, 0))
                .compose(processed -> {
                    var match = websocket.resolve(processed.path());
                    if (match.isEmpty()) {
                        return Future.failedFuture(new HandshakeRejectedException(404, "no route"));
                    }
                    Consumer consumer = match.get().factory().get();
                    ConnectionDriver.start(processed.withUrlRoute(match.get().params()), consumer, transport, env);
                    return Future.<Void>succeededFuture();
                })
                .recover(err -> {
                    // no consumer holds the connection: answer it, release it, and tell the caller why
                    int status = err instanceof HandshakeRejectedException rejected ? rejected.status() : 500;
                    return transport
                            .reject(status)
                            .eventually(() -> {
                                transport.released();
                                return Future.succeededFuture();
                            })
                            .transform(answered -> Future.failedFuture(err));
                });
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

    /** Builds the router and checks its wiring. */
    public static final class BuilderImpl implements Builder {
        private final ConsumerContext app;
        private Router http;
        private final List<Middleware> middleware = new ArrayList<>();
        private UrlRouter websocket;

        /**
         * Starts a builder.
         *
         * @param app what the router's consumers run with
         */
        public BuilderImpl(ConsumerContext app) {
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
