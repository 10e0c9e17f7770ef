// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing;

import io.switchboard.consumer.Scope;
import io.switchboard.middleware.Middleware;
import io.switchboard.routing.impl.ProtocolRouterImpl;
import io.switchboard.server.AppContext;
import io.switchboard.spi.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Splits requests by protocol, Channels' {@code ProtocolTypeRouter}: plain HTTP goes to an ordinary Vert.x Web
 * {@link Router}; a WebSocket upgrade goes through the middleware, outermost first, to a {@link UrlRouter}
 * that picks the consumer. The handshake is answered before any upgrade: 404 for an unknown path, 403 when
 * middleware or the consumer refuses.
 *
 * <pre>{@code
 * ProtocolRouter.builder(app)
 *         .http(httpRoutes)
 *         .middleware(OriginValidator.create(origins))
 *         .middleware(Middleware.authStack(sessions))
 *         .websocket(UrlRouter.builder().route("/ws/chat/{room}/", ChatConsumer::new).build())
 *         .build();
 * }</pre>
 *
 * <p>One router per WebSocket verticle instance: it is the request handler of that instance's HTTP server and
 * keeps its connections' keep-alive timer on that event loop.
 */
public interface ProtocolRouter extends Handler<HttpServerRequest> {

    /**
     * Starts a router.
     *
     * @param app the process's context
     * @return a builder
     */
    static Builder builder(AppContext app) {
        return new ProtocolRouterImpl.BuilderImpl(app);
    }

    /**
     * Runs a handshake that arrived on another transport (the testkit's in-memory one): middleware, route,
     * consumer. Call on an event-loop context.
     *
     * @param scope the connection's scope before middleware
     * @param transport the connection
     * @return a future completed once the consumer runs or the handshake was refused
     */
    Future<Void> connect(Scope scope, WebSocketTransport transport);

    /** @return the number of WebSocket connections this router serves now */
    int openConnections();

    /**
     * Closes this router's sockets with 1001 {@code going_away} and waits, within a bound, for their consumers to
     * run {@code disconnect} and leave their groups: a graceful drain.
     *
     * @param timeoutMillis the longest wait
     * @return a future completed once every connection ended or the time ran out
     */
    Future<Void> close(long timeoutMillis);

    /** Builds a {@link ProtocolRouter}; {@link #build()} checks the wiring. */
    interface Builder {

        /**
         * Sets the routes for plain HTTP. Without it, plain HTTP gets 404.
         *
         * @param router a Vert.x Web router
         * @return this builder
         */
        Builder http(Router router);

        /**
         * Adds WebSocket middleware; it runs in the order added.
         *
         * @param middleware the middleware
         * @return this builder
         */
        Builder middleware(Middleware middleware);

        /**
         * Adds several WebSocket middleware, outermost first.
         *
         * @param middleware the middleware
         * @return this builder
         */
        Builder middleware(List<Middleware> middleware);

        /**
         * Sets the WebSocket routes.
         *
         * @param router the routes
         * @return this builder
         */
        Builder websocket(UrlRouter router);

        /**
         * Builds the router.
         *
         * @return the router
         * @throws IllegalStateException if the WebSocket routes are missing or the middleware is wired wrong
         */
        ProtocolRouter build();
    }
}
