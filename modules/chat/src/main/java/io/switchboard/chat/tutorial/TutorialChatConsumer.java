// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.tutorial;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The Channels tutorial's chat consumer in its shortest form; the README shows it, a test runs it. */
public class TutorialChatConsumer extends JsonWebSocketConsumer {

    private String group;

    public TutorialChatConsumer() {
        on("chat.message", this::chatMessage);
    }

    @Override
    protected Future<Void> connect() {
        group = "chat_" + scope().routeParam("room");
        return groupAdd(group).compose(v -> accept());
    }

    @Override
    protected Future<Void> receiveJson(JsonObject content) {
        return groupSend(
                group,
                new JsonObject()
                        .put("type", "chat.message")
                        .put("message", content.getString("message"))
                        .put("user", scope().user().username()));
    }

    private Future<Void> chatMessage(JsonObject event) {
        return sendJson(
                new JsonObject().put("message", event.getString("message")).put("user", event.getString("user")));
    }
}
