// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.Scope;
import io.switchboard.consumer.impl.SessionWatch;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.SessionStore;
import java.util.List;
import java.util.Objects;

/**
 * Loads the Vert.x Web session named by the session cookie into {@link Scope#session()}, Channels'
 * {@code SessionMiddleware}. It reads the same store and cookie as the HTTP side's {@link SessionHandler}, so a
 * user who logged in over HTTP is known on the WebSocket. No cookie or an unknown id leaves the session
 * {@code null}. Needs {@link CookieMiddleware} before it.
 */
public final class SessionMiddleware implements Middleware {

    private final SessionStore store;
    private final String cookieName;

    private SessionMiddleware(SessionStore store, String cookieName) {
        this.store = Objects.requireNonNull(store, "store");
        this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
    }

    /**
     * Creates the middleware with Vert.x Web's default cookie name, {@code vertx-web.session}.
     *
     * @param store the session store the HTTP side uses
     * @return the middleware
     */
    public static SessionMiddleware create(SessionStore store) {
        return new SessionMiddleware(store, SessionHandler.DEFAULT_SESSION_COOKIE_NAME);
    }

    /**
     * Creates the middleware with another cookie name.
     *
     * @param store the session store the HTTP side uses
     * @param cookieName the session cookie's name, as set on the {@link SessionHandler}
     * @return the middleware
     */
    public static SessionMiddleware create(SessionStore store, String cookieName) {
        return new SessionMiddleware(store, cookieName);
    }

    @Override
    public Future<Scope> apply(Scope scope) {
        String id = scope.cookies().get(cookieName);
        if (id == null || id.isEmpty()) {
            return Future.succeededFuture(scope);
        }
        return store.get(id).map(session -> {
            Scope withSession = scope.withSession(session);
            return session == null ? withSession : withSession.with(SessionWatch.STORE, store);
        });
    }

    @Override
    public void checkWiring(List<Middleware> outer) {
        if (outer.stream().noneMatch(CookieMiddleware.class::isInstance)) {
            throw new IllegalStateException(
                    "SessionMiddleware needs cookies in the scope; put CookieMiddleware before it");
        }
    }
}
