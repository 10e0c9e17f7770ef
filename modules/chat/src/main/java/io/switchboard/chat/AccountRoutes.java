// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.middleware.AuthMiddleware;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The JSON endpoints the pages use for accounts. Bodies are {@code {"username", "password"}}; answers are
 * {@code {"user": {"id", "username"} | null, "requireLogin": bool}} or {@code {"error": code, "detail": text}}.
 *
 * <ul>
 *   <li>{@code GET /chat/api/me}: who is logged in
 *   <li>{@code POST /chat/api/signup}: make an account and log in (201); 400 {@code invalid_username} /
 *       {@code invalid_password}, 409 {@code username_taken}
 *   <li>{@code POST /chat/api/login}: 200, or 401 {@code bad_credentials}
 *   <li>{@code POST /chat/api/logout}: 200
 * </ul>
 *
 * <p>Logging in gives the session a new id (no session fixation) and puts {@link User#toJson()} under
 * {@link AuthMiddleware#SESSION_KEY}, where the WebSocket side's {@code AuthMiddleware} finds it. POSTs must carry
 * {@code Content-Type: application/json}, which a cross-site form cannot send.
 */
final class AccountRoutes {

    private static final System.Logger LOG = System.getLogger(AccountRoutes.class.getName());
    private static final int BODY_LIMIT = 4096;

    private final Accounts accounts;
    private final ChatSettings settings;

    AccountRoutes(Accounts accounts, ChatSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    /** Adds the routes; the router must already run a {@code SessionHandler}. */
    void mount(Router http) {
        http.get("/chat/api/me").handler(ctx -> ctx.json(me(user(ctx.session()))));
        http.post("/chat/api/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        http.post("/chat/api/signup").handler(this::signUp);
        http.post("/chat/api/login").handler(this::logIn);
        http.post("/chat/api/logout").handler(ctx -> {
            ctx.session().destroy();
            ctx.json(me(null));
        });
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
        if (body != null) {
            accounts.logIn(text(body, "username"), text(body, "password"))
                    .onSuccess(user -> loggedIn(ctx, user, 200))
                    .onFailure(err -> failed(ctx, err));
        }
    }

    private void loggedIn(RoutingContext ctx, User user, int status) {
        Session session = ctx.session();
        session.regenerateId();
        session.put(AuthMiddleware.SESSION_KEY, user.toJson());
        ctx.response().setStatusCode(status);
        ctx.json(me(user));
    }

    private JsonObject me(User user) {
        return new JsonObject()
                .put("user", user == null ? null : user.toJson())
                .put("requireLogin", settings.isRequireLogin());
    }

    private static User user(Session session) {
        Object value = session == null ? null : session.get(AuthMiddleware.SESSION_KEY);
        return value instanceof JsonObject json ? User.fromJson(json) : null;
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
            error(ctx, account.status(), account.code(), account.getMessage());
            return;
        }
        LOG.log(Level.WARNING, "Account request " + ctx.request().path() + " failed: " + err);
        error(ctx, 503, "unavailable", "Accounts are unavailable right now; try again in a moment");
    }

    private static void error(RoutingContext ctx, int status, String code, String detail) {
        ctx.response().setStatusCode(status);
        ctx.json(new JsonObject().put("error", code).put("detail", detail));
    }
}
