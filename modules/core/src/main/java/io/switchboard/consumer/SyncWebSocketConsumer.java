// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.SyncChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sync WebSocket consumer, Channels' {@code WebsocketConsumer}: handlers run on the consumer worker pool
 * ({@code SWITCHBOARD_THREADS}, alias {@code ASGI_THREADS}) and may block, for example on JDBC. One connection's
 * handlers run one at a time, in order; different connections' handlers run in parallel. Database connections
 * used in a handler are cleaned up after it, as Channels' {@code SyncConsumer} does (see the db module).
 *
 * <pre>{@code
 * public class ShoutConsumer extends SyncWebSocketConsumer {
 *     protected void receive(String text) {
 *         send(text.toUpperCase());
 *     }
 * }
 * }</pre>
 *
 * <p>The actions ({@link #accept()}, {@link #send(String)}, {@link #close()}) return at once and are carried out
 * on the connection's event loop in call order. The group helpers and {@link #channelLayer()} block until the
 * layer answers. Failures are handled as in {@link WebSocketConsumer}.
 */
public abstract class SyncWebSocketConsumer implements Consumer {

    private final MessageHandlers<SyncMessageHandler> handlers = new MessageHandlers<>(getClass());
    private ConsumerConnection connection;
    private SyncChannelLayer syncLayer;

    /** Creates the consumer; register layer message handlers here with {@link #on}. */
    protected SyncWebSocketConsumer() {}

    // ---- hooks users override; all run on a worker thread

    /**
     * The client asks to connect. Accept with {@link #accept()} or refuse with {@link #close()} (HTTP 403).
     *
     * @throws Exception any failure, which refuses the handshake with HTTP 500
     */
    protected void connect() throws Exception {
        accept();
    }

    /**
     * A text message arrived.
     *
     * @param text the message
     * @throws Exception any failure, which closes the connection with 1011
     */
    protected void receive(String text) throws Exception {}

    /**
     * A binary message arrived.
     *
     * @param data the message
     * @throws Exception any failure, which closes the connection with 1011
     */
    protected void receiveBinary(Buffer data) throws Exception {}

    /**
     * The socket closed; groups are left after this returns.
     *
     * @param code the close code, 1006 when the connection dropped
     * @throws Exception any failure, which is logged
     */
    protected void disconnect(int code) throws Exception {}

    // ---- actions

    /**
     * Registers the handler for a layer message type; {@code chat.message} and {@code chat_message} are the same.
     *
     * @param type the message type
     * @param handler the handler, run on a worker thread
     */
    protected final void on(String type, SyncMessageHandler handler) {
        handlers.register(type, handler);
    }

    /** Accepts the handshake. */
    protected final void accept() {
        accept(null, Map.of());
    }

    /**
     * Accepts with a subprotocol and extra headers.
     *
     * @param subprotocol one of {@code scope().subprotocols()}, or {@code null}
     * @param headers extra response headers
     */
    protected final void accept(String subprotocol, Map<String, String> headers) {
        connection().accept(subprotocol, headers);
    }

    /**
     * Sends a text message.
     *
     * @param text the message
     */
    protected final void send(String text) {
        connection().sendText(text);
    }

    /**
     * Sends a prepared frame, for example one {@linkplain TextFrame#render rendered} once for a whole group.
     *
     * @param frame the frame
     */
    protected final void send(TextFrame frame) {
        connection().sendFrame(frame);
    }

    /**
     * Sends a binary message.
     *
     * @param data the message
     */
    protected final void sendBinary(Buffer data) {
        connection().sendBinary(data);
    }

    /** Closes with 1000; before accept, refuses with HTTP 403. */
    protected final void close() {
        close(CloseCodes.NORMAL, null);
    }

    /**
     * Closes with a code and a short reason; before accept, refuses with HTTP 403.
     *
     * @param code the close code
     * @param reason a short snake_case reason, or {@code null}
     */
    protected final void close(int code, String reason) {
        connection().close(code, reason);
    }

    /**
     * Joins a group, left automatically at disconnect. Blocks until the layer answers.
     *
     * @param group a valid group name
     */
    protected final void groupAdd(String group) {
        AsyncToSync.await(connection().context(), () -> connection().groupAdd(group), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Joins a group that keeps a history and recovers what the client missed since its last position: see {@link
     * ConsumerConnection#groupAdd(String, StreamPosition)}. Blocks until the history is read; the missed messages
     * reach the handlers after the current one returns.
     *
     * @param group a group that keeps a history
     * @param since the client's last position, or {@code null} on its first connection
     * @return how the join went
     */
    protected final Recovery groupAdd(String group, StreamPosition since) {
        return AsyncToSync.await(
                connection().context(), () -> connection().groupAdd(group, since), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Leaves a group. Blocks until the layer answers.
     *
     * @param group a valid group name
     */
    protected final void groupDiscard(String group) {
        AsyncToSync.await(
                connection().context(), () -> connection().groupDiscard(group), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Lists this connection in a group's presence under its user's name; untracked automatically at disconnect.
     * Blocks until listed. See {@link ConsumerConnection#track}.
     *
     * @param group a valid group name
     * @param meta what to list beside the user, or {@code null}
     * @return the entry
     */
    protected final PresenceEntry track(String group, JsonObject meta) {
        return AsyncToSync.await(
                connection().context(), () -> connection().track(group, meta), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Removes this connection from a group's presence. Blocks until it is gone.
     *
     * @param group a valid group name
     */
    protected final void untrack(String group) {
        AsyncToSync.await(connection().context(), () -> connection().untrack(group), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Asks for a group's {@code presence.join} and {@code presence.leave} messages and lists who is there. Blocks
     * until listed. See {@link ConsumerConnection#watchPresence}.
     *
     * @param group a valid group name
     * @return the entries present now
     */
    protected final List<PresenceEntry> watchPresence(String group) {
        return AsyncToSync.await(
                connection().context(), () -> connection().watchPresence(group), SyncChannelLayer.DEFAULT_TIMEOUT);
    }

    /**
     * Sends to every member of a group. Blocks until the layer took the message.
     *
     * @param group a valid group name
     * @param message the message, with a {@code type}
     */
    protected final void groupSend(String group, JsonObject message) {
        channelLayer().groupSend(group, message);
    }

    /** @return the blocking view of the channel layer */
    protected final SyncChannelLayer channelLayer() {
        if (syncLayer == null) {
            syncLayer = new SyncChannelLayer(
                    connection().channelLayer(), connection().context(), SyncChannelLayer.DEFAULT_TIMEOUT);
        }
        return syncLayer;
    }

    /** @return the connection's scope */
    protected final Scope scope() {
        return connection().scope();
    }

    /** @return this connection's channel name */
    protected final String channelName() {
        return connection().channelName();
    }

    /** @return the connection */
    protected final ConsumerConnection connection() {
        if (connection == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " is not connected yet; use the connection from connect() on, not in the constructor");
        }
        return connection;
    }

    // ---- the framework's side: every hook goes to the worker pool

    @Override
    public final Future<Void> websocketConnect(ConsumerConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        return onWorker(this::connect);
    }

    @Override
    public final Future<Void> websocketReceive(String text, Buffer data) {
        return onWorker(() -> {
            if (text != null) {
                receive(text);
            } else {
                receiveBinary(data);
            }
        });
    }

    @Override
    public final Future<Void> websocketDisconnect(int code) {
        return onWorker(() -> disconnect(code));
    }

    @Override
    public final Future<Void> dispatch(JsonObject message) {
        SyncMessageHandler handler = handlers.find(message);
        return onWorker(() -> handler.handle(message));
    }

    private Future<Void> onWorker(SyncHandlerHooks.Body body) {
        return connection.executeBlocking(() -> SyncHandlerHooks.around(body));
    }
}
