// SPDX-License-Identifier: Apache-2.0
package com.example.firstapp;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The notifications application: a page at {@code /}, the {@link NotificationConsumer} at
 * {@code /ws/notifications/{topic}/}, and {@code POST /notify/{topic}}, which sends its JSON body to every socket
 * subscribed to the topic.
 *
 * <p>{@code POST /notify/{topic}} answers 202 once the notification is handed to the channel layer; 400
 * {@code invalid_topic}, {@code invalid_json} or {@code expected_object} for a bad request; 413 {@code too_large}
 * for a body over {@value #MAX_BODY} bytes; 503 {@code not_delivered} when the layer refuses it (a Redis layer
 * whose server is down). Anyone who can reach the port may post: put your own authentication in front of it.
 */
public class NotificationsApplication implements Application {

    /** Largest notification body, in bytes. */
    public static final int MAX_BODY = 65_536;

    @Override
    public ProtocolRouter router(AppContext app) {
        Router http = Router.router(app.vertx());
        http.post("/notify/:topic")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY))
                .handler(ctx -> notify(ctx, app.channelLayer()))
                .failureHandler(NotificationsApplication::bodyTooLarge);
        http.route("/*").handler(StaticHandler.create("webroot")); // the page, src/main/resources/webroot

        return ProtocolRouter.builder(app)
                .http(http)
                // refuses sockets opened by pages of other sites (SWITCHBOARD_ALLOWED_ORIGINS, default: self)
                .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                .websocket(UrlRouter.builder()
                        .route("/ws/notifications/{topic}/", NotificationConsumer::new)
                        .build())
                .build();
    }

    private static void notify(RoutingContext ctx, ChannelLayer layer) {
        String topic = ctx.pathParam("topic");
        if (!NotificationConsumer.isValidTopic(topic)) {
            error(ctx, 400, "invalid_topic");
            return;
        }
        String text = ctx.body().asString();
        Object body;
        try {
            body = text == null ? null : Json.decodeValue(text);
        } catch (DecodeException e) {
            body = null;
        }
        if (body == null) { // no body, not JSON, or JSON's null
            error(ctx, 400, "invalid_json");
            return;
        }
        if (!(body instanceof JsonObject payload)) {
            error(ctx, 400, "expected_object");
            return;
        }
        layer.groupSend(NotificationConsumer.group(topic), NotificationConsumer.notification(topic, payload))
                .onSuccess(v -> ctx.response().setStatusCode(202).end())
                .onFailure(err -> error(ctx, 503, "not_delivered"));
    }

    /** The BodyHandler's 413, as JSON; any other failure is a bug, which Vert.x Web logs and answers with 500. */
    private static void bodyTooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            error(ctx, 413, "too_large");
        } else {
            ctx.next();
        }
    }

    private static void error(RoutingContext ctx, int status, String code) {
        ctx.response().setStatusCode(status);
        ctx.json(new JsonObject().put("error", code));
    }
}
