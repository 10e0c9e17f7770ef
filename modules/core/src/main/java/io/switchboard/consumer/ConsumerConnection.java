// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The connection a {@link Consumer} serves, as the framework hands it over in
 * {@link Consumer#websocketConnect}. Consumers built on {@link WebSocketConsumer} or {@link SyncWebSocketConsumer}
 * use it through their protected methods and rarely see it.
 *
 * <p>Threading: every method may be called from any thread and returns immediately; work is carried out on the
 * connection's context, in call order. Futures complete on that context.
 */
public interface ConsumerConnection {

    /** The type of the message a consumer gets when a group's live stream broke and the history cannot fill it. */
    String GROUP_GAP = "group.gap";

    /** @return a process-unique id for logs, for example {@code c-42} */
    String id();

    /** @return the connection's scope, as the middleware left it */
    Scope scope();

    /** @return this connection's channel on the layer: messages sent to it reach this consumer */
    String channelName();

    /** @return the channel layer the connection is on */
    ChannelLayer channelLayer();

    /** @return the context (an event loop) the connection lives on */
    Context context();

    /** @return whether the handshake was accepted */
    boolean isAccepted();

    /**
     * Accepts the handshake.
     *
     * @param subprotocol one of the client's {@link Scope#subprotocols()}, or {@code null}
     * @param headers extra response headers, may be empty
     * @return a future completed once the socket is open
     */
    Future<Void> accept(String subprotocol, Map<String, String> headers);

    /**
     * Sends a text message.
     *
     * @param text the message
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    Future<Void> sendText(String text);

    /**
     * Sends a prepared text frame, for example one {@linkplain TextFrame#render rendered} once for a whole group.
     *
     * @param frame the frame
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    Future<Void> sendFrame(TextFrame frame);

    /**
     * Sends a binary message.
     *
     * @param data the message
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    Future<Void> sendBinary(Buffer data);

    /**
     * Closes the connection. Before accept this refuses the handshake with HTTP 403, as Channels does.
     *
     * @param code the close code
     * @param reason a short snake_case reason, or {@code null}
     * @return a future completed once the close is written
     */
    Future<Void> close(int code, String reason);

    /**
     * Joins a group on this connection's channel; the connection leaves it when it ends.
     *
     * @param group a valid group name
     * @return a future completed once joined
     */
    Future<Void> groupAdd(String group);

    /**
     * Joins a group that keeps a history ({@link io.switchboard.layer.ChannelLayerOptions#putGroupHistory}) and
     * gives this consumer every message of it that its client missed since {@code since}, then the live ones, each
     * exactly once and in order. The missed messages reach the consumer's handlers after the returned future's
     * callbacks ran, so a consumer can tell its client how the recovery went before they arrive.
     *
     * <p>While joined, a break in the group's live stream (a message lost to a full mailbox, an outage of the
     * backend) is filled from the history; when that cannot be done, the consumer gets a message of type {@link
     * #GROUP_GAP} with {@code group}, {@code reason}, and the {@code offset} and {@code epoch} from which messages
     * follow again, and should reload what its client shows. When the history cannot be read at all, the connection
     * closes with {@link CloseCodes#TRY_AGAIN_LATER}, and the client recovers after reconnecting. Never a silent gap.
     *
     * @param group a group that keeps a history
     * @param since the last position the client saw, or {@code null} on a first connection
     * @return how the join went; it fails if the group keeps no history
     */
    Future<Recovery> groupAdd(String group, StreamPosition since);

    /**
     * Leaves a group joined with {@link #groupAdd}.
     *
     * @param group a valid group name
     * @return a future completed once left
     */
    Future<Void> groupDiscard(String group);

    /**
     * Lists this connection in a group's {@linkplain io.switchboard.layer.Presence presence} under the scope's user
     * name, or replaces its metadata; the connection is untracked when it ends. Those who {@link #watchPresence
     * watch} the group get a {@code presence.join} message.
     *
     * @param group a valid group name; the connection need not be a member
     * @param meta what to list beside the user, or {@code null}
     * @return the entry; failed with {@link io.switchboard.layer.PresenceFullException} when the group is full
     */
    Future<PresenceEntry> track(String group, JsonObject meta);

    /**
     * Removes this connection from a group's presence; no error if it was not tracked there.
     *
     * @param group a valid group name
     * @return a future completed once it is gone
     */
    Future<Void> untrack(String group);

    /**
     * Asks for a group's presence events and lists who is there now. From then on the consumer gets a message of
     * type {@link io.switchboard.layer.Presence#JOIN} or {@link io.switchboard.layer.Presence#LEAVE} ({@code group},
     * {@code entry}) for each change, through its handlers for those types, until the connection ends. Events
     * already on their way when the list was read may repeat what it holds: key the list by connection and node
     * ({@link PresenceEntry#key()}), and a repeat changes nothing.
     *
     * @param group a valid group name
     * @return the entries present when the events had started
     */
    Future<List<PresenceEntry>> watchPresence(String group);

    /**
     * Runs blocking work on the consumer worker pool ({@code SWITCHBOARD_THREADS} threads), never on the event loop.
     *
     * @param work the work
     * @param <T> its result type
     * @return a future of its result, completed on the connection's context
     */
    <T> Future<T> executeBlocking(Callable<T> work);
}
