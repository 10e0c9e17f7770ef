// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.switchboard.layer.impl.MemoryChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A channel layer: channels (one mailbox per consumer) and groups (named sets of channels), as in Django
 * Channels. The contract is {@code docs/channel-layer.md}; every backend passes the same contract suite
 * ({@code ChannelLayerContractTest} in the testkit).
 *
 * <p>A message is a {@link JsonObject} with a string {@code type}, for example
 * {@code {"type": "chat.message", "message": "hi"}}. The key {@code __asgi_channel__} is reserved.
 *
 * <p>Threading: every method returns immediately and may be called from any thread; the returned future
 * completes on the caller's context when there is one. Argument errors (an invalid channel or group name, a
 * {@code null} message) throw {@link IllegalArgumentException} or {@link NullPointerException} at once;
 * run-time failures (a full channel, a backend that went away) fail the future with a typed exception.
 *
 * <p>Delivery is at most once: a message reaches one reader at most, and a message to a full channel or to an
 * expired member is dropped, never retried.
 */
public interface ChannelLayer {

    /** The key that {@link #send} and {@link #groupSend} refuse in a message: channels_redis uses it for routing. */
    String RESERVED_KEY = "__asgi_channel__";

    /**
     * Creates the in-memory layer with default options. It serves one process; it is the default layer.
     *
     * @param vertx the Vert.x instance whose timers and contexts the layer uses
     * @return a new layer
     */
    static ChannelLayer memory(Vertx vertx) {
        return memory(vertx, new ChannelLayerOptions());
    }

    /**
     * Creates the in-memory layer.
     *
     * @param vertx the Vert.x instance whose timers and contexts the layer uses
     * @param options capacity, expiry and group expiry
     * @return a new layer
     */
    static ChannelLayer memory(Vertx vertx, ChannelLayerOptions options) {
        return new MemoryChannelLayer(vertx, options);
    }

    /**
     * Queues a message on a channel. It never waits for space.
     *
     * @param channel a valid channel name ({@link ChannelNames#requireValidChannel})
     * @param message the message; the layer takes a copy, so the caller may reuse it
     * @return a future that fails with {@link ChannelFullException} when the channel holds its capacity
     * @throws IllegalArgumentException if the name is invalid or the message holds {@link #RESERVED_KEY}
     */
    Future<Void> send(String channel, JsonObject message);

    /**
     * Waits for the next message on a channel. Several waiters on one channel each get different messages.
     * A channel with a {@linkplain #subscribe subscription} cannot also be read with {@code receive}.
     *
     * @param channel a valid channel name
     * @return a future of the next message
     */
    Future<JsonObject> receive(String channel);

    /**
     * Makes a fresh process-specific channel name ({@code remote!local}) that this process can receive on.
     *
     * @return a future of the new name, made with the prefix {@code specific}
     */
    default Future<String> newChannel() {
        return newChannel("specific");
    }

    /**
     * Makes a fresh process-specific channel name with the given prefix in place of {@code specific}.
     *
     * @param prefix the first part of the name; it must itself be a valid name
     * @return a future of the new name
     */
    Future<String> newChannel(String prefix);

    /**
     * Delivers every message sent to {@code channel} to {@code handler}, one at a time and in order, on the
     * context that called this method, until the subscription is cancelled. This is how consumers receive: it
     * is {@link #receive} in a loop without a round trip per message. Messages already queued on the channel
     * are delivered first. The channel's capacity counts messages delivered but not yet handled.
     *
     * @param channel a valid channel name, usually from {@link #newChannel()}
     * @param handler called with each message on the subscriber's context
     * @return a future of the subscription; it fails if the channel already has a subscriber
     */
    Future<Subscription> subscribe(String channel, Handler<JsonObject> handler);

    /**
     * Adds a channel to a group, or refreshes its membership if it is already there. Membership ends after
     * the group expiry unless refreshed.
     *
     * @param group a valid group name ({@link ChannelNames#requireValidGroup})
     * @param channel a valid channel name
     * @return a future completed once the membership is recorded
     */
    Future<Void> groupAdd(String group, String channel);

    /**
     * Removes a channel from a group. No error if it is not a member.
     *
     * @param group a valid group name
     * @param channel a valid channel name
     * @return a future completed once the membership is gone
     */
    Future<Void> groupDiscard(String group, String channel);

    /**
     * Sends a copy of the message to every current member of a group. The message is encoded once per call,
     * not once per member. It never fails for one full member: that member misses the message, and the layer
     * counts it in {@link LayerStats#droppedFull()}.
     *
     * @param group a valid group name
     * @param message the message
     * @return a future completed once the message is handed to every member
     * @throws IllegalArgumentException if the name is invalid or the message holds {@link #RESERVED_KEY} or {@link
     *     StreamPosition#KEY}
     */
    Future<Void> groupSend(String group, JsonObject message);

    /**
     * Sends a message to a group once: as {@link #groupSend} does, unless a message sent with the same key is still
     * in the group's history, and then nothing is sent. For a sender that cannot tell whether an earlier attempt went
     * out (its client's connection dropped before the echo came back) and tries again with the same key. A key is
     * remembered for as long as the history holds its message (the group's size and time to live) and within one
     * epoch: a message sent again after its history was lost goes out twice. A group that keeps no history
     * remembers no key, and this is {@link #groupSend}.
     *
     * @param group a valid group name
     * @param key the message's key, unique to the message within the group, for example a random id its client drew
     *     ({@link ChannelNames#requireValidKey})
     * @param message the message
     * @return a future of {@code true} once the message is handed to every member, or of {@code false} if a message
     *     with the same key is in the group's history; failed as {@link #groupSend} fails
     * @throws IllegalArgumentException if the name or the key is invalid, or the message holds a reserved key
     */
    default Future<Boolean> groupSendOnce(String group, String key, JsonObject message) {
        ChannelNames.requireValidKey(key);
        return groupSend(group, message).map(true);
    }

    /**
     * Makes the groups whose name matches a glob keep a history from now on, as {@link
     * ChannelLayerOptions#putGroupHistory} does at creation: for an application that knows its groups, so its
     * operators need not configure them. A later rule for the same glob replaces the earlier one.
     *
     * @param glob the pattern, for example {@code chat_*}
     * @param policy how many messages to keep, and for how long
     * @return a future completed once messages to those groups are numbered and kept; failed with {@link
     *     ChannelLayerException} if this backend keeps no group history
     */
    default Future<Void> keepHistory(String glob, HistoryPolicy policy) {
        return Future.failedFuture(
                new ChannelLayerException(getClass().getSimpleName() + " keeps no group history", null));
    }

    /**
     * Reads a group's history: the messages sent to it after a position, for a reader that lost its connection.
     * Only groups that keep a history ({@link ChannelLayerOptions#putGroupHistory}) have one; each message sent to
     * such a group carries its position under {@link StreamPosition#KEY}, and a reader joins the group first and
     * reads after, so that nothing falls between the two ({@link GroupCursor} drops what arrives twice).
     *
     * @param group a group that keeps a history
     * @param since the last position the reader saw, or {@code null} for none: the read then only tells the
     *     group's current position, as an empty {@link HistoryRead.Recovered}
     * @return every message after the position, in order, or {@link HistoryRead.NotRecovered} with the reason; a
     *     failed future if the group keeps no history or the backend cannot read it now
     * @throws IllegalArgumentException if the group name is invalid
     */
    default Future<HistoryRead> groupHistory(String group, StreamPosition since) {
        ChannelNames.requireValidGroup(group);
        return Future.failedFuture(
                new ChannelLayerException(getClass().getSimpleName() + " keeps no group history", null));
    }

    /**
     * Who is in which group, cluster-wide, for the connections that are tracked there; see {@link Presence}.
     *
     * @return this layer's presence
     * @throws UnsupportedOperationException if this backend keeps no presence
     */
    default Presence presence() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no presence");
    }

    /**
     * Empties the layer: no messages, no groups, no presence. Subscriptions stay open. Meant for tests.
     *
     * @return a future completed once the layer is empty
     */
    Future<Void> flush();

    /**
     * Counters of what this layer instance holds and has dropped, for metrics and tests.
     *
     * @return a snapshot taken now
     */
    LayerStats stats();

    /**
     * Whether the layer can reach what it depends on now, for the node's readiness: a Redis layer fails while a
     * server is known to be down. In-process layers are always reachable. Returns immediately, with no I/O: it reports
     * what the layer's own connections have seen.
     *
     * @return a succeeded future, or a failed one whose message says what cannot be reached
     */
    default Future<Void> reachable() {
        return Future.succeededFuture();
    }

    /**
     * Releases the layer's resources: subscriptions, timers and connections. Not part of the Channels contract.
     *
     * @return a future completed once everything is released
     */
    Future<Void> close();
}
