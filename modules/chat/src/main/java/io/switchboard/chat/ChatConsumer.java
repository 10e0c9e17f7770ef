// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.consumer.ConsumerConnection;
import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.consumer.TextFrame;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
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
 * <p><b>Coming back.</b> Every message frame carries its {@code offset} and {@code epoch} in the room's live
 * history (the channel layer keeps each room's latest {@code chat.recoverySize} messages), and the history frame
 * carries the room's position at the join. A page that lost its connection comes back to
 * {@code /ws/chat/{room}/?offset=N&epoch=E} with the last ones it saw: the answer is {@code {"recovered": true,
 * "missed": n}} followed by exactly the messages it missed, then the live ones; or {@code {"recovered": false}} followed by the
 * room's stored history, as on entering, when the missed messages are no longer all kept (or recovery is off).
 * A break in the live stream later on (a full mailbox the history cannot fill) is answered the same way:
 * {@code {"recovered": false}} and the stored history. A malformed position gets {@code {"error":
 * "invalid_position"}} and the connection goes on as a first one.
 *
 * <p><b>Writing.</b> A {@code {"message": ...}} frame gets an id and goes to the whole group as a
 * {@code chat.message} at once; each member sends its browser {@code {"id", "message", "user", "at"}}. The same
 * message is stored at the same time, in this connection's order, on a DB worker: the event loop never waits for
 * the database, and a slow or failed database never holds back the live chat. A message that could not be stored
 * is reported to its sender only, with {@code {"error": "not_saved", "id": ...}}.
 *
 * <p><b>Writing again.</b> A frame may carry {@code "cid"}, an id its page drew at random for the message. The message
 * goes out with it, so the page sees its own message come back, and a page sends again, with the same cid, what it
 * did not see come back before its socket dropped. While the room's live history holds a message, a second frame
 * with its cid is neither sent nor stored but answered {@code {"ack": cid, "duplicate": true}}; errors about a frame
 * with a cid name it. So a message written as a node closes the socket is neither lost nor shown twice.
 *
 * <p><b>Who is there.</b> Every connection is listed in its room's presence, which gives the head counts of
 * {@code /chat/} across every node. A page that connects with {@code ?presence=1} also gets the room's members:
 * {@code {"presence": [{"id", "user"}, ...]}}, one per connection, then {@code {"presence_join": member}} and
 * {@code {"presence_leave": member}} as people come and go (a dead node's within seconds).
 *
 * <p><b>Errors to the client.</b> {@code message_required} (no text), {@code message_too_long} (over 4000
 * characters), {@code login_required} (an anonymous write when {@code chat.requireLogin} is on),
 * {@code not_delivered} (with the message's {@code id}: the channel layer failed, for example Redis is down; the
 * connection stays open), {@code invalid_cid}.
 */
public class ChatConsumer extends JsonWebSocketConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ChatConsumer.class);
    // every message of an overload fails alike: its sender is told, the log gets a line a second
    private static final ThrottledWarning NOT_STORED = new ThrottledWarning(LOG);
    private static final ThrottledWarning NOT_DELIVERED = new ThrottledWarning(LOG);
    /** Sent to every reader when there is no stored history: encoded once, not once per connection. */
    private static final TextFrame NO_HISTORY =
            TextFrame.of(new JsonObject().put("history", new JsonArray()).encode());

    // Rendered once per group message on each node, not once per member
    private static final Function<JsonObject, String> FRAME =
            event -> ChatMessage.frameOf(event).encode();

    /** An offset is a whole number; an epoch is a short token: anything else in the query is a malformed position. */
    private static final Pattern OFFSET = Pattern.compile("[0-9]{1,18}");

    private static final Pattern EPOCH = Pattern.compile("[0-9A-Za-z_-]{1,32}");

    private final ChatServices chat;
    private HistorySeam seam = new HistorySeam();
    private String room;
    private String group;
    // counted in the room: the departure must count even once the socket is gone and no longer "accepted"
    private boolean joined;
    /** Presence events that came before the member list was sent; {@code null} when none is on its way. */
    private List<JsonObject> heldPresence;

    /**
     * Creates the consumer of one connection.
     *
     * @param chat what the process's chat consumers share
     */
    ChatConsumer(ChatServices chat) {
        this.chat = chat;
        on("chat.message", this::chatMessage);
        on(ConsumerConnection.GROUP_GAP, this::gap);
        on(Presence.JOIN, event -> presenceEvent("presence_join", event));
        on(Presence.LEAVE, event -> presenceEvent("presence_leave", event));
    }

    @Override
    protected Future<Void> connect() {
        room = scope().routeParam("room");
        if (room.length() > ChatApplication.MAX_ROOM_LENGTH) {
            return close();
        }
        group = chat.rooms().group(room);
        String offset = scope().queryParam("offset");
        String epoch = scope().queryParam("epoch");
        boolean asked = offset != null || epoch != null;
        boolean malformed = asked
                && (offset == null
                        || epoch == null
                        || !OFFSET.matcher(offset).matches()
                        || !EPOCH.matcher(epoch).matches());
        StreamPosition since = asked && !malformed ? new StreamPosition(Long.parseLong(offset), epoch) : null;
        if (!chat.recovery()) {
            return groupAdd(group)
                    .compose(v -> listed())
                    .compose(v -> entered(malformed))
                    .onSuccess(v -> {
                        if (since != null) {
                            sendJson(new JsonObject().put("recovered", false));
                        }
                        loadHistory(null);
                    });
        }
        return groupAdd(group, since)
                .compose(recovery -> listed().map(recovery))
                .compose(recovery -> entered(malformed).onSuccess(v -> {
                    // Control frames carry no position: a page stands where its last message put it, and a position
                    // past the messages still on their way would skip them if the socket dropped now
                    if (since == null) {
                        loadHistory(recovery.from());
                    } else if (recovery.recovered()) {
                        // the missed messages follow this frame through chatMessage, with nothing to hold them back
                        sendJson(new JsonObject().put("recovered", true).put("missed", recovery.missed()));
                        seam.loaded(List.of(), 0);
                    } else {
                        sendJson(new JsonObject().put("recovered", false));
                        loadHistory(recovery.position());
                    }
                }));
    }

    /**
     * Lists the connection in the room's presence, before anything is sent: a room list read once the page has a
     * frame counts it. A full room (or a layer that cannot list it now) still lets it in, uncounted.
     */
    private Future<Void> listed() {
        return track(group, null).<Void>mapEmpty().recover(err -> {
            LOG.warn(
                    "Connection {} is in room {} but not in its presence: {}",
                    connection().id(),
                    room,
                    err.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Accepts, counts the connection in its room, reports a malformed position, and starts the member list. */
    private Future<Void> entered(boolean malformed) {
        return accept().onSuccess(v -> {
            joined = true;
            chat.rooms().joined(room, group);
            if (malformed) {
                sendJson(new JsonObject()
                        .put("error", "invalid_position")
                        .put("detail", "offset must be a whole number and epoch a token, as the last message gave"));
            }
            if (scope().queryParam("presence") != null) {
                watchMembers();
            }
        });
    }

    /**
     * Sends the page {@code {"presence": [member...]}}, then {@code {"presence_join": member}} and {@code
     * {"presence_leave": member}} as people come and go; a member is {@code {"id", "user"}}, one per connection.
     * Events that arrive before the list are held, then sent after it: replayed on the list, they change nothing
     * that was already so.
     */
    private void watchMembers() {
        heldPresence = new ArrayList<>();
        watchPresence(group).onComplete(listed -> {
            JsonArray members = new JsonArray();
            if (listed.succeeded()) {
                listed.result().forEach(entry -> members.add(member(entry)));
            } else {
                LOG.warn(
                        "Members of room {} not listed: {}",
                        room,
                        listed.cause().getMessage());
            }
            List<JsonObject> held = heldPresence;
            heldPresence = null;
            sendJson(new JsonObject().put("presence", members));
            held.forEach(this::sendJson);
        });
    }

    private Future<Void> presenceEvent(String kind, JsonObject event) {
        JsonObject frame = new JsonObject().put(kind, member(PresenceEntry.fromJson(event.getJsonObject("entry"))));
        if (heldPresence != null) {
            heldPresence.add(frame);
            return Future.succeededFuture();
        }
        return sendJson(frame);
    }

    private static JsonObject member(PresenceEntry entry) {
        return new JsonObject().put("id", entry.key()).put("user", entry.user());
    }

    private static JsonObject position(StreamPosition position) {
        return new JsonObject().put("offset", position.offset()).put("epoch", position.epoch());
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
        Object cid = content.getValue("cid");
        if (cid != null && !(cid instanceof String key && ChannelNames.isValidKey(key))) {
            return sendJson(new JsonObject()
                    .put("error", "invalid_cid")
                    .put("detail", "cid must be 1-99 letters, digits, '-', '_' or '.'"));
        }
        String key = (String) cid;
        Object message = content.getValue("message");
        if (!(message instanceof String text) || text.isBlank()) {
            return sendJson(error("message_required", key));
        }
        if (text.length() > ChatMessage.MAX_LENGTH) {
            return sendJson(error("message_too_long", key));
        }
        User user = scope().user();
        if (chat.settings().isRequireLogin() && !user.authenticated()) {
            return sendJson(error("login_required", key));
        }
        long now = System.currentTimeMillis();
        ChatMessage chatMessage = ChatMessage.from(user, chat.ids().next(now), room, text, now);
        chat.rooms().active(room);
        if (key == null) {
            if (chat.settings().isStore()) {
                // stored and broadcast at once: the broadcast never waits for the database
                track(chatMessage, chat.store().save(chatMessage));
            }
            return groupSend(group, chatMessage.toEvent())
                    .recover(err -> err instanceof ChannelLayerException
                            ? notDelivered(chatMessage, null, err)
                            : Future.failedFuture(err));
        }
        // A page sends again, with the same cid, what it did not see come back before its socket dropped: the room's
        // history drops the second copy, and only the copy that went out is stored
        Future<Boolean> sent = groupSendOnce(group, key, chatMessage.toEvent().put("cid", key));
        if (chat.settings().isStore()) {
            track(
                    chatMessage,
                    sent.transform(ar ->
                            ar.succeeded() && ar.result() ? chat.store().save(chatMessage) : Future.succeededFuture()));
        }
        return sent.transform(ar -> {
            if (ar.failed()) {
                return ar.cause() instanceof ChannelLayerException
                        ? notDelivered(chatMessage, key, ar.cause())
                        : Future.failedFuture(ar.cause());
            }
            return ar.result()
                    ? Future.succeededFuture()
                    : sendJson(new JsonObject().put("ack", key).put("duplicate", true));
        });
    }

    /** Tracks a message's write, so a history read waits for it, and reports a failed one to its sender. */
    private void track(ChatMessage message, Future<Void> stored) {
        chat.writes().track(room, stored);
        stored.onFailure(err -> notSaved(message, err));
    }

    /** An error about a frame, naming the page's id for it ({@code cid}) when it gave one. */
    private static JsonObject error(String code, String cid) {
        JsonObject error = new JsonObject().put("error", code);
        return cid == null ? error : error.put("cid", cid);
    }

    private Future<Void> chatMessage(JsonObject event) {
        return seam.live(event) ? send(TextFrame.render(event, FRAME)) : Future.succeededFuture();
    }

    /** The room's live stream broke and its history cannot fill the gap: start over from the stored history. */
    private Future<Void> gap(JsonObject gap) {
        StreamPosition restart = new StreamPosition(gap.getLong("offset"), gap.getString("epoch"));
        LOG.info(
                "Connection {} missed messages of room {} ({}); it reloads the room",
                connection().id(),
                room,
                gap.getString("reason"));
        seam = new HistorySeam();
        return sendJson(new JsonObject().put("recovered", false)).onSuccess(v -> loadHistory(restart));
    }

    /**
     * Sends the room's stored history, then the live messages that waited for it.
     *
     * @param at the room's position in its live history when it was joined, sent with the history; {@code null}
     *     when recovery is off
     */
    private void loadHistory(StreamPosition at) {
        // this load's seam: a gap later on starts another load with a seam of its own
        HistorySeam loading = seam;
        int limit = chat.settings().getHistory();
        if (!chat.settings().isStore()) {
            if (at == null) {
                send(NO_HISTORY);
            } else {
                sendJson(position(at).put("history", new JsonArray()));
            }
            loading.loaded(List.of(), limit).forEach(event -> send(TextFrame.render(event, FRAME)));
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
                JsonObject frame = at == null ? new JsonObject() : position(at);
                sendJson(frame.put("history", new JsonArray(ar.result())));
                waited = loading.loaded(ar.result(), limit);
            } else {
                LOG.warn(
                        "History of room {} not loaded for connection {}; it goes live without it: {}",
                        room,
                        connection().id(),
                        String.valueOf(ar.cause()));
                // the history frame first: a page starts over from it, and the error then stays on show
                if (at == null) {
                    send(NO_HISTORY);
                } else {
                    sendJson(position(at).put("history", new JsonArray()));
                }
                sendJson(new JsonObject().put("error", "history_unavailable"));
                waited = loading.failed();
            }
            waited.forEach(event -> send(TextFrame.render(event, FRAME)));
        });
    }

    private Future<Void> notDelivered(ChatMessage message, String cid, Throwable err) {
        NOT_DELIVERED.warn("Message {} in room {} was not delivered: {}", message.id(), room, err.getMessage());
        return sendJson(error("not_delivered", cid).put("id", message.id()));
    }

    private void notSaved(ChatMessage message, Throwable err) {
        NOT_STORED.warn("Message {} in room {} was not stored: {}", message.id(), room, String.valueOf(err));
        sendJson(new JsonObject().put("error", "not_saved").put("id", message.id()));
    }
}
