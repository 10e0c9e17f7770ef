// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing;

import io.switchboard.consumer.ConsumerContext;
import io.switchboard.consumer.Scope;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.switchboard.middleware.HandshakeRejectedException;
import io.switchboard.middleware.Middleware;
import io.switchboard.routing.impl.ProtocolRouterImpl;
import io.vertx.core.Future;
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
 * <p>Routing only: the server runs the sockets (handshake limits, keep-alive, drain) and hands each handshake to
 * {@link #connect}; the testkit hands it its in-memory connections the same way. One router per WebSocket verticle
 * instance.
 */
public interface ProtocolRouter {

    /**
     * Starts a router.
     *
     * @param app what its consumers run with: an {@code Application} passes its {@code AppContext}
     * @return a builder
     */
    static Builder builder(ConsumerContext app) {
        return new ProtocolRouterImpl.BuilderImpl(app);
    }

    /**
     * Answers a plain HTTP request with the HTTP routes, or 404 without them.
     *
     * @param request the request
     */
    void handleHttp(HttpServerRequest request);

    /**
     * Runs a WebSocket handshake: middleware, route, then the consumer, which accepts or closes. Call on the
     * connection's event-loop context.
     *
     * @param scope the connection's scope before middleware
     * @param transport the connection
     * @return a future completed once the consumer runs; failed with a {@link HandshakeRejectedException} naming
     *     the status when middleware or the routes refused it (the transport got that status), or with the error
     *     of a middleware that failed (the transport got 500)
     */
    Future<Void> connect(Scope scope, WebSocketTransport transport);

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
