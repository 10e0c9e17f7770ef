// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.middleware.Middleware;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * The chat application: {@code /chat/} to pick a room, {@code /chat/{room}/} to talk in it, and the consumer at
 * {@code /ws/chat/{room}/}. Room names are slugs (letters, digits, {@code -}, {@code _}) of at most
 * {@value #MAX_ROOM_LENGTH} characters, so that {@code chat_<room>} is a valid group name.
 */
public class ChatApplication implements Application {

    /** Longest room name: {@code chat_} plus the room must stay under Channels' 100-character limit. */
    public static final int MAX_ROOM_LENGTH = 90;

    private final Rooms rooms = new Rooms();

    @Override
    public ProtocolRouter router(AppContext app) {
        SessionStore sessions = LocalSessionStore.create(app.vertx());
        Router http = Router.router(app.vertx());
        http.route().handler(SessionHandler.create(sessions));
        http.get("/").handler(ctx -> ctx.redirect("/chat/"));
        http.get("/chat/api/rooms").handler(ctx -> ctx.json(rooms.toJson()));
        http.getWithRegex("/chat").handler(ctx -> ctx.redirect("/chat/"));
        http.get("/chat/").handler(ctx -> ctx.reroute("/static/chat/index.html"));
        http.getWithRegex("/chat/([-a-zA-Z0-9_]{1," + MAX_ROOM_LENGTH + "})/")
                .handler(ctx -> ctx.reroute("/static/chat/room.html"));
        http.getWithRegex("/chat/([^/]+)")
                .handler(ctx -> ctx.redirect(ctx.request().path() + "/"));
        http.route("/static/*")
                .handler(ctx -> {
                    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                    ctx.next();
                })
                .handler(StaticHandler.create("webroot").setCachingEnabled(false));

        return ProtocolRouter.builder(app)
                .http(http)
                .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                .middleware(Middleware.authStack(sessions))
                .websocket(UrlRouter.builder()
                        .route("/ws/chat/{room:slug}/", () -> new ChatConsumer(rooms))
                        .build())
                .build();
    }
}
