// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The tutorial's chat consumer: everyone connected to {@code /ws/chat/{room}/} is in the group
 * {@code chat_<room>}; a {@code {"message": ...}} frame from one of them goes to the whole group as a
 * {@code chat.message}, and each member's handler writes it to its browser.
 */
public class ChatConsumer extends JsonWebSocketConsumer {

    private final Rooms rooms;
    private String room;
    private String group;

    /**
     * Creates the consumer of one connection.
     *
     * @param rooms where the application counts who is in which room
     */
    public ChatConsumer(Rooms rooms) {
        this.rooms = rooms;
        on("chat.message", this::chatMessage);
    }

    @Override
    protected Future<Void> connect() {
        room = scope().routeParam("room");
        if (room.length() > ChatApplication.MAX_ROOM_LENGTH) {
            return close();
        }
        group = "chat_" + room;
        return groupAdd(group).compose(v -> accept()).onSuccess(v -> rooms.joined(room));
    }

    @Override
    protected Future<Void> disconnect(int code) {
        if (group != null && connection().isAccepted()) {
            rooms.left(room);
        }
        return Future.succeededFuture();
    }

    @Override
    protected Future<Void> receiveJson(JsonObject content) {
        Object message = content.getValue("message");
        if (!(message instanceof String text) || text.isBlank()) {
            return sendJson(new JsonObject().put("error", "message_required"));
        }
        rooms.active(room);
        return groupSend(
                group,
                new JsonObject()
                        .put("type", "chat.message")
                        .put("message", text)
                        .put("user", scope().user().username()));
    }

    private Future<Void> chatMessage(JsonObject event) {
        return sendJson(
                new JsonObject().put("message", event.getString("message")).put("user", event.getString("user")));
    }
}
