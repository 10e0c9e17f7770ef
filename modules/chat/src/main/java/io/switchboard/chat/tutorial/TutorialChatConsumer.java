// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.tutorial;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.consumer.TextFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The Channels tutorial's chat consumer in its shortest form: {@code {"message": text}} in, the same frame out to
 * everyone in the room. The README shows it, the chat jar serves it on {@code /ws/tutorial/{room}/} for the bench,
 * tests run it.
 */
public class TutorialChatConsumer extends JsonWebSocketConsumer {

    // one frame per message for all the room's members here, not one per member
    private static final Function<JsonObject, String> FRAME =
            event -> new JsonObject().put("message", event.getString("message")).encode();

    private String group;

    public TutorialChatConsumer() {
        on("chat.message", this::chatMessage);
    }

    @Override
    protected Future<Void> connect() {
        group = "tutorial_" + scope().routeParam("room");
        return groupAdd(group).compose(v -> accept());
    }

    @Override
    protected Future<Void> receiveJson(JsonObject content) {
        return groupSend(
                group, new JsonObject().put("type", "chat.message").put("message", content.getString("message")));
    }

    private Future<Void> chatMessage(JsonObject event) {
        return send(TextFrame.render(event, FRAME));
    }
}
