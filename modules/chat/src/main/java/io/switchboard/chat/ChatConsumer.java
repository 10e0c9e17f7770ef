// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.consumer.TextFrame;
import io.switchboard.db.Database;
import io.switchboard.layer.ChannelLayerException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat consumer: everyone connected to {@code /ws/chat/{room}/} is in the group {@code chat_<room>}.
 *
 * <p><b>Entering.</b> The consumer joins the group and accepts. Then it waits for the messages this process
 * broadcast before the join to be stored ({@link RoomWrites}), loads the room's recent messages on a DB worker and
 * sends them as one {@code {"history": [...]}} frame, oldest first. Live messages that arrive meanwhile wait and
 * follow the history; those the history already holds are skipped ({@link HistorySeam}). A history that cannot be
 * loaded within {@code chat.historyTimeout} is answered with {@code {"error": "history_unavailable"}} and an empty
 * history, and the connection goes live. Across a cluster, a message another node broadcast just before the join
 * and stored only after the history was read is missed by this reader: the window is that node's storage delay.
 *
 * <p><b>Writing.</b> A {@code {"message": ...}} frame gets an id and goes to the whole group as a
 * {@code chat.message} at once; each member sends its browser {@code {"id", "message", "user", "at"}}. The same
 * message is stored at the same time, in this connection's order, on a DB worker: the event loop never waits for
 * the database, and a slow or failed database never holds back the live chat. A message that could not be stored
 * is reported to its sender only, with {@code {"error": "not_saved", "id": ...}}.
 *
 * <p><b>Errors to the client.</b> {@code message_required} (no text), {@code message_too_long} (over 4000
 * characters), {@code login_required} (an anonymous write when {@code chat.requireLogin} is on),
 * {@code not_delivered} (with the message's {@code id}: the channel layer failed, for example Redis is down; the
 * connection stays open).
 */
public class ChatConsumer extends JsonWebSocketConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ChatConsumer.class);
    /** Sent to every reader when there is no stored history: encoded once, not once per connection. */
    private static final TextFrame NO_HISTORY =
            TextFrame.of(new JsonObject().put("history", new JsonArray()).encode());

    // Rendered once per group message on each node, not once per member
    private static final Function<JsonObject, String> FRAME =
            event -> ChatMessage.frameOf(event).encode();

    private final ChatServices chat;
    private final HistorySeam seam = new HistorySeam();
    private Database writer;
    private String room;
    private String group;
    // counted in the room: the departure must count even once the socket is gone and no longer "accepted"
    private boolean joined;

    /**
     * Creates the consumer of one connection.
     *
     * @param chat what the process's chat consumers share
     */
    ChatConsumer(ChatServices chat) {
        this.chat = chat;
        on("chat.message", this::chatMessage);
    }

    @Override
    protected Future<Void> connect() {
        room = scope().routeParam("room");
        if (room.length() > ChatApplication.MAX_ROOM_LENGTH) {
            return close();
        }
        group = chat.rooms().group(room);
        return groupAdd(group).compose(v -> accept()).onSuccess(v -> {
            joined = true;
            chat.rooms().joined(room, group);
            loadHistory();
        });
    }

    @Override
    protected Future<Void> disconnect(int code) {
        if (joined) {
            joined = false;
            chat.rooms().left(room);
        }
        return Future.succeededFuture();
    }

    @Override
    protected Future<Void> receiveJson(JsonObject content) {
        Object message = content.getValue("message");
        if (!(message instanceof String text) || text.isBlank()) {
            return sendJson(new JsonObject().put("error", "message_required"));
        }
        if (text.length() > ChatMessage.MAX_LENGTH) {
            return sendJson(new JsonObject().put("error", "message_too_long"));
        }
        User user = scope().user();
        if (chat.settings().isRequireLogin() && !user.authenticated()) {
            return sendJson(new JsonObject().put("error", "login_required"));
        }
        long now = System.currentTimeMillis();
        ChatMessage chatMessage = ChatMessage.from(user, chat.ids().next(now), room, text, now);
        chat.rooms().active(room);
        if (chat.settings().isStore()) {
            if (writer == null) {
                writer = chat.store().database().ordered();
            }
            // stored and broadcast at once: the broadcast never waits for the database
            Future<Void> stored = chat.store().save(writer, chatMessage);
            chat.writes().track(room, stored);
            stored.onFailure(err -> notSaved(chatMessage, err));
        }
        return groupSend(group, chatMessage.toEvent())
                .recover(err -> err instanceof ChannelLayerException
                        ? notDelivered(chatMessage, err)
                        : Future.failedFuture(err));
    }

    private Future<Void> chatMessage(JsonObject event) {
        return seam.live(event) ? send(TextFrame.render(event, FRAME)) : Future.succeededFuture();
    }

    private void loadHistory() {
        int limit = chat.settings().getHistory();
        if (!chat.settings().isStore()) {
            send(NO_HISTORY);
            seam.loaded(List.of(), limit).forEach(event -> send(TextFrame.render(event, FRAME)));
            return;
        }
        long timeout = chat.settings().getHistoryTimeoutMillis();
        Context context = connection().context();
        Promise<List<JsonObject>> history = Promise.promise();
        long timer = context.owner()
                .setTimer(
                        timeout,
                        t -> history.tryFail(new IllegalStateException("no history within " + timeout + " ms")));
        // what this process broadcast before the join must be stored before the history is read
        chat.writes()
                .settled(room)
                .onComplete(settled -> context.runOnContext(v -> chat.store()
                        .recent(room, limit, timeout)
                        .onComplete(loaded -> {
                            if (loaded.succeeded()) {
                                history.tryComplete(loaded.result());
                            } else {
                                history.tryFail(loaded.cause());
                            }
                        })));
        history.future().onComplete(ar -> {
            context.owner().cancelTimer(timer);
            List<JsonObject> waited;
            if (ar.succeeded()) {
                sendJson(new JsonObject().put("history", new JsonArray(ar.result())));
                waited = seam.loaded(ar.result(), limit);
            } else {
                LOG.warn(
                        "History of room {} not loaded for connection {}; it goes live without it: {}",
                        room,
                        connection().id(),
                        String.valueOf(ar.cause()));
                sendJson(new JsonObject().put("error", "history_unavailable"));
                send(NO_HISTORY);
                waited = seam.failed();
            }
            waited.forEach(event -> send(TextFrame.render(event, FRAME)));
        });
    }

    private Future<Void> notDelivered(ChatMessage message, Throwable err) {
        LOG.warn("Message {} in room {} was not delivered: {}", message.id(), room, err.getMessage());
        return sendJson(new JsonObject().put("error", "not_delivered").put("id", message.id()));
    }

    private void notSaved(ChatMessage message, Throwable err) {
        LOG.warn("Message {} in room {} was not stored: {}", message.id(), room, String.valueOf(err));
        sendJson(new JsonObject().put("error", "not_saved").put("id", message.id()));
    }
}
