// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.Scope;
import io.vertx.core.Future;
import io.vertx.ext.web.sstore.SessionStore;
import java.util.List;

/**
 * Runs during the WebSocket handshake, before the consumer exists: it checks the request and fills the scope.
 * One instance serves every connection, so it keeps no per-connection fields; what it learns goes into the scope
 * it returns ({@link Scope#with}).
 *
 * <p>Threading: called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Processes a handshake.
     *
     * @param scope the scope so far
     * @return the scope for the next middleware, or {@link #reject(int)} to refuse the handshake
     */
    Future<Scope> apply(Scope scope);

    /**
     * Checks, when the router is built, that the middleware before this one provides what it needs.
     *
     * @param outer the middleware that run before this one, outermost first
     * @throws IllegalStateException with the fix, if the wiring is wrong
     */
    default void checkWiring(List<Middleware> outer) {}

    /**
     * Refuses the handshake with an HTTP status; the consumer is never made.
     *
     * @param status the HTTP status, for example 403
     * @return a failed future the router turns into that response
     */
    static Future<Scope> reject(int status) {
        return Future.failedFuture(new HandshakeRejectedException(status));
    }

    /**
     * Refuses the handshake with an HTTP status and says why in the server's log line; the client sees only the
     * status.
     *
     * @param status the HTTP status, for example 403
     * @param why a few words for operators
     * @return a failed future the router turns into that response
     */
    static Future<Scope> reject(int status, String why) {
        return Future.failedFuture(new HandshakeRejectedException(status, why));
    }

    /**
     * Channels' {@code AuthMiddlewareStack}: cookies, the Vert.x Web session, then the user.
     *
     * @param sessions the store the HTTP side's {@code SessionHandler} uses
     * @return the three middleware, outermost first
     */
    static List<Middleware> authStack(SessionStore sessions) {
        return List.of(new CookieMiddleware(), SessionMiddleware.create(sessions), AuthMiddleware.create());
    }
}
