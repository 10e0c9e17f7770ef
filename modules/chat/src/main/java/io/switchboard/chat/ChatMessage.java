// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;

/**
 * One chat message, as stored and as sent to browsers: {@code {"id", "message", "user", "at"}}.
 *
 * @param id the id {@link MessageIds} made
 * @param room the room
 * @param authorId the author's account id, {@code null} for an anonymous author
 * @param user the name shown: the author's username, or {@code anonymous}
 * @param text the message
 * @param at when the server received it, in milliseconds since the epoch
 */
record ChatMessage(String id, String room, Long authorId, String user, String text, long at) {

    /** Longest message, in characters; the column holds as much. */
    static final int MAX_LENGTH = 4000;

    /** A message from a connection's user; an anonymous user has no author id. */
    static ChatMessage from(User author, String id, String room, String text, long at) {
        return new ChatMessage(id, room, accountId(author), author.username(), text, at);
    }

    private static Long accountId(User author) {
        if (!author.authenticated()) {
            return null;
        }
        try {
            return Long.valueOf(author.id());
        } catch (NumberFormatException e) {
            // a session user that this chat's log-in did not make: stored without an author
            return null;
        }
    }

    /** @return the layer message that carries it to the room's group */
    JsonObject toEvent() {
        return frame().put("type", "chat.message");
    }

    /** @return what a browser gets */
    JsonObject frame() {
        return new JsonObject()
                .put("id", id)
                .put("message", text)
                .put("user", user)
                .put("at", at);
    }

    /**
     * The frame of a {@code chat.message} from the layer. Messages that other code sends to a room may lack the id,
     * the author or the time; those keys are then left out, and the author shows as anonymous.
     */
    static JsonObject frameOf(JsonObject event) {
        JsonObject frame = new JsonObject();
        if (event.getValue("id") instanceof String id) {
            frame.put("id", id);
        }
        frame.put("message", event.getValue("message"));
        frame.put(
                "user",
                event.getValue("user") instanceof String user
                        ? user
                        : User.anonymous().username());
        if (event.getValue("at") instanceof Number at) {
            frame.put("at", at.longValue());
        }
        if (event.getValue("cid") instanceof String cid) {
            // the id its page drew: the page stops sending it again once it sees it come back
            frame.put("cid", cid);
        }
        StreamPosition position = StreamPosition.of(event);
        if (position != null) {
            // where the message stands in the room's live history: the page reconnects from there
            frame.put("offset", position.offset()).put("epoch", position.epoch());
        }
        return frame;
    }
}
