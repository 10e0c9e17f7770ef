// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.middleware.AuthMiddleware;
import io.switchboard.middleware.Sessions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON endpoints the pages use for accounts. Bodies are {@code {"username", "password"}}; answers are
 * {@code {"user": {"id", "username"} | null, "requireLogin": bool}} or {@code {"error": code, "detail": text}}.
 *
 * <ul>
 *   <li>{@code GET /chat/api/me}: who is logged in
 *   <li>{@code POST /chat/api/signup}: make an account and log in (201); 400 {@code invalid_username} /
 *       {@code invalid_password}, 409 {@code username_taken}
 *   <li>{@code POST /chat/api/login}: 200, or 401 {@code bad_credentials}, or 429 {@code too_many_attempts}
 *       with {@code retryAfter} seconds ({@link LoginThrottle})
 *   <li>{@code POST /chat/api/logout}: 200; the session's open sockets close with 4001 {@code session_ended}
 * </ul>
 *
 * <p>Sign-up and log-in answer 503 {@code busy} when too many password hashes wait ({@link HashingPool}); refusals
 * that pass carry {@code Retry-After}.
 *
 * <p>Logging in gives the session a new id (no session fixation) and puts {@link User#toJson()} under
 * {@link AuthMiddleware#SESSION_KEY}, where the WebSocket side's {@code AuthMiddleware} finds it. Log-in, sign-up
 * and log-out write the session to the store before answering, so that the socket the page opens next, on any node,
 * finds it; a store that cannot be reached answers 503 {@code unavailable}. Nothing else
 * stores a session: reading one without a cookie would make one, so these routes look at the session only when the
 * request has a cookie, and an empty one is dropped (Django's rule). POSTs must carry
 * {@code Content-Type: application/json}, which a cross-site form cannot send.
 */
final class AccountRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
    private static final int BODY_LIMIT = 4096;

    private final Accounts accounts;
    private final ChatSettings settings;
    private final LoginThrottle throttle;
    private final ChannelLayer layer;
    private final SessionHandler sessions;

    AccountRoutes(
            Accounts accounts,
            ChatSettings settings,
            LoginThrottle throttle,
            ChannelLayer layer,
            SessionHandler sessions) {
        this.accounts = accounts;
        this.settings = settings;
        this.throttle = throttle;
        this.layer = layer;
        this.sessions = sessions;
    }

    /** Adds the routes; the router must already run a {@code SessionHandler} with the default cookie name. */
    void mount(Router http) {
        http.get("/chat/api/me").handler(ctx -> ctx.json(me(user(ctx))));
        http.post("/chat/api/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        http.post("/chat/api/signup").handler(this::signUp);
        http.post("/chat/api/login").handler(this::logIn);
        http.post("/chat/api/logout").handler(this::logOut);
    }

    private void signUp(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (body != null) {
            accounts.signUp(text(body, "username"), text(body, "password"))
                    .onSuccess(user -> loggedIn(ctx, user, 201))
                    .onFailure(err -> failed(ctx, err));
        }
    }

    private void logIn(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        String username = text(body, "username");
        String address = address(ctx);
        LoginThrottle.Attempt attempt = throttle.begin(username, address);
        long wait = attempt.retryAfterSeconds();
        if (wait > 0) {
            // not logged: the failures that led here were, and a flood of refusals would flood the log
            failed(
                    ctx,
                    new AccountException(
                            "too_many_attempts", 429, "Too many failed log-ins; try again in " + wait + " s", wait));
            return;
        }
        accounts.logIn(username, text(body, "password"))
                .onSuccess(user -> {
                    attempt.succeeded();
                    loggedIn(ctx, user, 200);
                })
                .onFailure(err -> {
                    if (err instanceof AccountException refused && refused.status() == 401) {
                        // one line per failure, without the password, the session or anything else the client sent
                        long next = attempt.failed();
                        LOG.warn(
                                "Failed log-in for {} from {}: {}{}",
                                printable(username),
                                address,
                                refused.code(),
                                next > 0 ? "; the next attempt waits " + next + " s" : "");
                    } else {
                        attempt.abandoned();
                    }
                    failed(ctx, err);
                });
    }

    private void logOut(RoutingContext ctx) {
        Session session = session(ctx);
        if (session == null) {
            ctx.json(me(null));
            return;
        }
        // the sockets go first, on every node, so that none outlives the log-out
        Sessions.end(layer, session.id()).onComplete(ended -> {
            if (ended.failed()) {
                LOG.warn("Log-out could not close the session's sockets: {}", String.valueOf(ended.cause()));
            }
            session.destroy();
            // stored before the answer, so that no node reads the session after the page learnt it ended
            stored(ctx, () -> ctx.json(me(null)));
        });
    }

    /** Writes the session to the store, then answers: a request that follows on another node finds it there. */
    private void stored(RoutingContext ctx, Runnable answer) {
        sessions.flush(ctx, true).onComplete(flushed -> {
            if (flushed.failed()) {
                LOG.warn("Session not stored: {}", String.valueOf(flushed.cause()));
                error(ctx, 503, "unavailable", "Sessions are unavailable right now; try again in a moment");
                return;
            }
            answer.run();
        });
    }

    private void loggedIn(RoutingContext ctx, User user, int status) {
        Session session = ctx.session();
        session.regenerateId();
        session.put(AuthMiddleware.SESSION_KEY, user.toJson());
        ctx.response().setStatusCode(status);
        stored(ctx, () -> ctx.json(me(user)));
    }

    private JsonObject me(User user) {
        return new JsonObject()
                .put("user", user == null ? null : user.toJson())
                .put("requireLogin", settings.isRequireLogin());
    }

    private static User user(RoutingContext ctx) {
        Session session = session(ctx);
        Object value = session == null ? null : session.get(AuthMiddleware.SESSION_KEY);
        return value instanceof JsonObject json ? User.fromJson(json) : null;
    }

    /**
     * The request's session, or {@code null} without a session cookie. Vert.x Web stores every session a handler
     * reads, so a request without a cookie must not read it; one whose cookie names no stored session gets a new,
     * empty one, which is destroyed here so that it is not stored either.
     */
    private static Session session(RoutingContext ctx) {
        if (ctx.request().getCookie(SessionHandler.DEFAULT_SESSION_COOKIE_NAME) == null) {
            return null;
        }
        Session session = ctx.session();
        if (session != null && session.isEmpty()) {
            session.destroy();
            return null;
        }
        return session;
    }

    /** The client's address, where failed log-ins are counted. */
    private static String address(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        return host == null ? "unknown" : host;
    }

    /** A username fit for a log line: what a person could have signed up with, never raw client text. */
    private static String printable(String username) {
        return username != null && Accounts.USERNAME.matcher(username).matches()
                ? "user '" + username + "'"
                : "an invalid username";
    }

    /** The JSON body, or {@code null} after answering 415 or 400. */
    private static JsonObject body(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(ctx, 415, "json_required", "Send the form as application/json");
            return null;
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (DecodeException | ClassCastException e) {
            // answered below
        }
        error(ctx, 400, "invalid_json", "The body must be a JSON object with username and password");
        return null;
    }

    private static String text(JsonObject body, String key) {
        return body.getValue(key) instanceof String text ? text : null;
    }

    private static void failed(RoutingContext ctx, Throwable err) {
        if (err instanceof AccountException account) {
            JsonObject answer = new JsonObject().put("error", account.code()).put("detail", account.getMessage());
            if (account.retryAfterSeconds() > 0) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(account.retryAfterSeconds()));
                answer.put("retryAfter", account.retryAfterSeconds());
            }
            ctx.response().setStatusCode(account.status());
            ctx.json(answer);
            return;
        }
        LOG.warn("Account request {} failed: {}", ctx.request().path(), String.valueOf(err));
        error(ctx, 503, "unavailable", "Accounts are unavailable right now; try again in a moment");
    }

    private static void error(RoutingContext ctx, int status, String code, String detail) {
        ctx.response().setStatusCode(status);
        ctx.json(new JsonObject().put("error", code).put("detail", detail));
    }
}
