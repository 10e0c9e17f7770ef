// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.auth.User;
import io.switchboard.consumer.Scope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Puts the session's user, or the anonymous user, in {@link Scope#user()}: Channels' {@code AuthMiddleware}. By
 * default the user is the JSON object ({@link User#toJson()}) kept in the session under {@link #SESSION_KEY},
 * which is where the login of the HTTP side puts it. Needs {@link SessionMiddleware} before it; building a router
 * without one fails with that fix.
 */
public final class AuthMiddleware implements Middleware {

    /** The session key the default loader reads. */
    public static final String SESSION_KEY = "switchboard.user";

    private final Function<Session, Future<User>> loader;

    private AuthMiddleware(Function<Session, Future<User>> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** @return middleware that reads the user from the session's {@link #SESSION_KEY} */
    public static AuthMiddleware create() {
        return new AuthMiddleware(session -> {
            Object value = session.get(SESSION_KEY);
            return Future.succeededFuture(value instanceof JsonObject json ? User.fromJson(json) : User.anonymous());
        });
    }

    /**
     * Creates middleware with a custom loader, for example one that reads the user from a database.
     *
     * @param loader finds the user of a session; never called without a session
     * @return the middleware
     */
    public static AuthMiddleware create(Function<Session, Future<User>> loader) {
        return new AuthMiddleware(loader);
    }

    @Override
    public Future<Scope> apply(Scope scope) {
        Session session = scope.session();
        if (session == null) {
            return Future.succeededFuture(scope.withUser(User.anonymous()));
        }
        return loader.apply(session).map(user -> scope.withUser(user == null ? User.anonymous() : user));
    }

    @Override
    public void checkWiring(List<Middleware> outer) {
        if (outer.stream().noneMatch(SessionMiddleware.class::isInstance)) {
            throw new IllegalStateException(
                    "AuthMiddleware needs a session in the scope; put SessionMiddleware before it"
                            + " (Middleware.authStack(store) gives cookie, session and auth in order)");
        }
    }
}
