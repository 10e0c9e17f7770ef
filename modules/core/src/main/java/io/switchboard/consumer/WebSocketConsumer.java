// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An async WebSocket consumer, Channels' {@code AsyncWebsocketConsumer}: one instance per connection, handlers on
 * the connection's event loop, returning futures. Handlers must never block; use {@link SyncWebSocketConsumer}
 * or the db module for blocking work.
 *
 * <pre>{@code
 * public class EchoConsumer extends WebSocketConsumer {
 *     protected Future<Void> receive(String text) {
 *         return send(text);
 *     }
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #connect()} (accepts by default), then {@link #receive(String)} /
 * {@link #receiveBinary(Buffer)} per message and the handlers registered with {@link #on} per layer message, one
 * at a time, then {@link #disconnect(int)}. A handler that throws or fails is logged once with the connection
 * and the consumer, and the socket closes with 1011 {@code internal_error}; a layer message with no handler
 * closes it with 1011 {@code unknown_type}, as Channels ends such a consumer.
 */
public abstract class WebSocketConsumer implements Consumer {

    private final MessageHandlers<MessageHandler> handlers = new MessageHandlers<>(getClass());
    private ConsumerConnection connection;

    /** Creates the consumer; register layer message handlers here with {@link #on}. */
    protected WebSocketConsumer() {}

    // ---- hooks users override

    /**
     * The client asks to connect. Accept with {@link #accept()} or refuse with {@link #close()} (HTTP 403).
     *
     * @return a future completed when done; the default accepts
     */
    protected Future<Void> connect() {
        return accept();
    }

    /**
     * A text message arrived.
     *
     * @param text the message
     * @return a future completed when handled; by default nothing happens
     */
    protected Future<Void> receive(String text) {
        return Future.succeededFuture();
    }

    /**
     * A binary message arrived.
     *
     * @param data the message
     * @return a future completed when handled; by default nothing happens
     */
    protected Future<Void> receiveBinary(Buffer data) {
        return Future.succeededFuture();
    }

    /**
     * The socket closed; groups from {@link #groups()} and {@link #groupAdd} are left after this returns.
     *
     * @param code the close code, 1006 when the connection dropped
     * @return a future completed when handled
     */
    protected Future<Void> disconnect(int code) {
        return Future.succeededFuture();
    }

    // ---- actions

    /**
     * Registers the handler for a layer message type; {@code chat.message} and {@code chat_message} are the same.
     * Call it from the constructor.
     *
     * @param type the message type
     * @param handler the handler
     * @throws IllegalStateException if the type already has a handler
     */
    protected final void on(String type, MessageHandler handler) {
        handlers.register(type, handler);
    }

    /** @return a future completed once the socket is open */
    protected final Future<Void> accept() {
        return accept(null, Map.of());
    }

    /**
     * Accepts with a subprotocol.
     *
     * @param subprotocol one of {@code scope().subprotocols()}, or {@code null}
     * @return a future completed once the socket is open
     */
    protected final Future<Void> accept(String subprotocol) {
        return accept(subprotocol, Map.of());
    }

    /**
     * Accepts with a subprotocol and extra response headers.
     *
     * @param subprotocol one of {@code scope().subprotocols()}, or {@code null}
     * @param headers extra response headers
     * @return a future completed once the socket is open
     */
    protected final Future<Void> accept(String subprotocol, Map<String, String> headers) {
        return connection().accept(subprotocol, headers);
    }

    /**
     * Sends a text message.
     *
     * @param text the message
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    protected final Future<Void> send(String text) {
        return connection().sendText(text);
    }

    /**
     * Sends a prepared frame, for example one {@linkplain TextFrame#render rendered} once for a whole group.
     *
     * @param frame the frame
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    protected final Future<Void> send(TextFrame frame) {
        return connection().sendFrame(frame);
    }

    /**
     * Sends a binary message.
     *
     * @param data the message
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    protected final Future<Void> sendBinary(Buffer data) {
        return connection().sendBinary(data);
    }

    /** @return a future completed once closed with 1000; before accept, refuses with HTTP 403 */
    protected final Future<Void> close() {
        return close(CloseCodes.NORMAL, null);
    }

    /**
     * Closes with a code and a short reason; before accept, refuses with HTTP 403.
     *
     * @param code the close code
     * @param reason a short snake_case reason, or {@code null}
     * @return a future completed once closed
     */
    protected final Future<Void> close(int code, String reason) {
        return connection().close(code, reason);
    }

    /**
     * Joins a group on this connection's channel; left automatically at disconnect.
     *
     * @param group a valid group name
     * @return a future completed once joined
     */
    protected final Future<Void> groupAdd(String group) {
        return connection().groupAdd(group);
    }

    /**
     * Joins a group that keeps a history and recovers what the client missed since its last position: see {@link
     * ConsumerConnection#groupAdd(String, StreamPosition)}. Left automatically at disconnect.
     *
     * @param group a group that keeps a history
     * @param since the client's last position, or {@code null} on its first connection
     * @return how the join went; the missed messages follow its callbacks
     */
    protected final Future<Recovery> groupAdd(String group, StreamPosition since) {
        return connection().groupAdd(group, since);
    }

    /**
     * Leaves a group.
     *
     * @param group a valid group name
     * @return a future completed once left
     */
    protected final Future<Void> groupDiscard(String group) {
        return connection().groupDiscard(group);
    }

    /**
     * Lists this connection in a group's presence under its user's name; untracked automatically at disconnect.
     * See {@link ConsumerConnection#track}.
     *
     * @param group a valid group name
     * @param meta what to list beside the user, or {@code null}
     * @return the entry, once listed
     */
    protected final Future<PresenceEntry> track(String group, JsonObject meta) {
        return connection().track(group, meta);
    }

    /**
     * Removes this connection from a group's presence.
     *
     * @param group a valid group name
     * @return a future completed once it is gone
     */
    protected final Future<Void> untrack(String group) {
        return connection().untrack(group);
    }

    /**
     * Asks for a group's {@code presence.join} and {@code presence.leave} messages (register handlers for them
     * with {@link #on}) and lists who is there. See {@link ConsumerConnection#watchPresence}.
     *
     * @param group a valid group name
     * @return the entries present now
     */
    protected final Future<List<PresenceEntry>> watchPresence(String group) {
        return connection().watchPresence(group);
    }

    /**
     * Sends a message to every member of a group, this connection included if it is one.
     *
     * @param group a valid group name
     * @param message the message, with a {@code type}
     * @return a future completed once handed to the layer
     */
    protected final Future<Void> groupSend(String group, JsonObject message) {
        return channelLayer().groupSend(group, message);
    }

    /**
     * Sends a message to a group unless a message with the same key is still in the group's history: for a client
     * that sends again what it is not sure went out. See {@link ChannelLayer#groupSendOnce}.
     *
     * @param group a valid group name
     * @param key the message's key, unique to it, for example the id its client drew
     * @param message the message, with a {@code type}
     * @return a future of {@code true} once handed to the layer, or of {@code false} if it was sent before
     */
    protected final Future<Boolean> groupSendOnce(String group, String key, JsonObject message) {
        return channelLayer().groupSendOnce(group, key, message);
    }

    /** @return the connection's scope */
    protected final Scope scope() {
        return connection().scope();
    }

    /** @return this connection's channel name */
    protected final String channelName() {
        return connection().channelName();
    }

    /** @return the channel layer */
    protected final ChannelLayer channelLayer() {
        return connection().channelLayer();
    }

    /** @return the connection, for what the protected helpers do not cover */
    protected final ConsumerConnection connection() {
        if (connection == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " is not connected yet; use the connection from connect() on, not in the constructor");
        }
        return connection;
    }

    // ---- the framework's side

    @Override
    public final Future<Void> websocketConnect(ConsumerConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        return connect();
    }

    @Override
    public final Future<Void> websocketReceive(String text, Buffer data) {
        return text != null ? receive(text) : receiveBinary(data);
    }

    @Override
    public final Future<Void> websocketDisconnect(int code) {
        return disconnect(code);
    }

    @Override
    public final Future<Void> dispatch(JsonObject message) {
        return handlers.find(message).handle(message);
    }
}
