// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The in-memory channel layer: Channels' {@code InMemoryChannelLayer} for one process, shared by every event
 * loop. Each channel is a small queue guarded by its own monitor, held for a few field updates only; groups
 * live in concurrent maps. Nothing blocks.
 *
 * <p>Messages are stored as deep-frozen copies: what a receiver or subscriber gets is read-only (a write throws
 * {@link UnsupportedOperationException}; {@link JsonObject#copy()} gives a mutable copy), and one snapshot made
 * per {@link #groupSend} is shared by every member, so handlers on different threads cannot affect each other.
 *
 * <p>Expired messages are dropped (and their channel leaves every group, as in Channels) when the channel is
 * read or sent to and by a periodic sweep, which also ends memberships older than the group expiry; so an
 * abandoned channel or group does not leak. {@link #close()} cancels the sweep.
 */
public class MemoryChannelLayer implements ChannelLayer {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Longest prefix for which {@code prefix + ".inmemory!" + 12 letters} is still a valid name. */
    private static final int MAX_PREFIX_LENGTH = ChannelNames.MAX_LENGTH - 1 - ".inmemory!".length() - 12;

    private final VertxInternal vertx;
    private final ChannelLayerOptions options;
    private final long expiryNanos;
    private final long groupExpiryNanos;
    private final ConcurrentHashMap<String, ChannelQueue> channels = new ConcurrentHashMap<>();
    private final MemoryGroups groups = new MemoryGroups();
    private final Function<String, ChannelQueue> newQueue;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedExpired = new LongAdder();
    private final long sweepTimer;
    private volatile boolean closed;

    /**
     * Creates the layer and starts its periodic sweep.
     *
     * @param vertx the Vert.x instance whose timers and contexts the layer uses
     * @param options capacity, per-channel capacity, expiry and group expiry; copied
     */
    public MemoryChannelLayer(Vertx vertx, ChannelLayerOptions options) {
        this.vertx = (VertxInternal) Objects.requireNonNull(vertx, "vertx");
        this.options = new ChannelLayerOptions(Objects.requireNonNull(options, "options"));
        this.expiryNanos = TimeUnit.SECONDS.toNanos(this.options.getExpirySeconds());
        this.groupExpiryNanos = TimeUnit.SECONDS.toNanos(this.options.getGroupExpirySeconds());
        this.newQueue = name -> new ChannelQueue(this, name, this.options.capacityOf(name));
        long shortest = Math.min(this.options.getExpirySeconds(), this.options.getGroupExpirySeconds());
        long period = Math.max(100, Math.min(30_000, shortest * 1000 / 2));
        // A context of its own, so the sweep outlives the verticle that happened to create the layer
        this.sweepTimer = this.vertx.createEventLoopContext().setPeriodic(period, id -> sweep());
    }

    @Override
    public Future<Void> send(String channel, JsonObject message) {
        ChannelNames.requireValidChannel(channel);
        JsonObject frozen = FrozenJson.freeze(ChannelNames.requireSendable(channel, message));
        if (closed) {
            return closedFailure();
        }
        long now = System.nanoTime();
        if (deliver(channel, frozen, now, now + expiryNanos, false) == ChannelQueue.FULL) {
            return Future.failedFuture(new ChannelFullException(channel, options.capacityOf(channel)));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<JsonObject> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        ContextInternal context = vertx.getOrCreateContext();
        while (true) {
            Future<JsonObject> result = queue(channel).poll(context, System.nanoTime());
            if (result != null) {
                return result;
            }
        }
    }

    @Override
    public Future<String> newChannel(String prefix) {
        if (!ChannelNames.isValidGroup(prefix) || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException(
                    "Invalid channel prefix " + (prefix == null ? "null" : "'" + prefix + "'") + ": use 1-"
                            + MAX_PREFIX_LENGTH + " ASCII letters, digits, '-', '_' or '.'");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder name =
                new StringBuilder(prefix.length() + 22).append(prefix).append(".inmemory!");
        for (int i = 0; i < 12; i++) {
            name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return Future.succeededFuture(name.toString());
    }

    @Override
    public Future<Subscription> subscribe(String channel, Handler<JsonObject> handler) {
        ChannelNames.requireValidChannel(channel);
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            return closedFailure();
        }
        ContextInternal context = vertx.getOrCreateContext();
        while (true) {
            ChannelQueue queue = queue(channel);
            Future<Subscription> result = queue.subscribe(new MemorySubscription(this, queue, context, handler));
            if (result != null) {
                if (result.succeeded()) {
                    subscriptions.incrementAndGet();
                }
                return result;
            }
        }
    }

    @Override
    public Future<Void> groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        groups.add(group, channel, System.nanoTime());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        groups.discard(group, channel);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> groupSend(String group, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        JsonObject frozen = FrozenJson.freeze(ChannelNames.requireSendable(group, message));
        if (closed) {
            return closedFailure();
        }
        long now = System.nanoTime();
        long expiresAt = now + expiryNanos;
        long cutoff = now - groupExpiryNanos;
        groups.forEachMember(group, (channel, joined) -> {
            if (joined - cutoff < 0) {
                groups.discardIfJoinedBefore(group, channel, cutoff);
            } else if (deliver(channel, frozen, now, expiresAt, true) == ChannelQueue.FULL) {
                droppedFull.increment();
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> flush() {
        groups.clear();
        for (ChannelQueue queue : channels.values()) {
            queue.clearMessages();
            queue.retireIfIdle(channels);
        }
        return Future.succeededFuture();
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(
                channels.size(),
                groups.groupCount(),
                groups.membershipCount(),
                subscriptions.get(),
                droppedFull.sum(),
                droppedExpired.sum());
    }

    @Override
    public Future<Void> close() {
        if (!closed) {
            closed = true;
            vertx.cancelTimer(sweepTimer);
            for (ChannelQueue queue : channels.values()) {
                MemorySubscription sub = queue.kill();
                if (sub != null && sub.markCancelled()) {
                    subscriptions.decrementAndGet();
                }
            }
            channels.clear();
            groups.clear();
        }
        return Future.succeededFuture();
    }

    /** Drops expired messages and memberships; runs on the sweep timer. */
    void sweep() {
        long now = System.nanoTime();
        for (ChannelQueue queue : channels.values()) {
            queue.sweep(now);
            queue.retireIfIdle(channels);
        }
        groups.sweep(now - groupExpiryNanos);
    }

    /** A queue dropped expired messages: count them, and the channel leaves its groups (Channels' rule). */
    void expired(ChannelQueue queue, int count) {
        droppedExpired.add(count);
        groups.removeChannel(queue.name);
        queue.retireIfIdle(channels);
    }

    void removeIfIdle(ChannelQueue queue) {
        queue.retireIfIdle(channels);
    }

    void unsubscribed(ChannelQueue queue, MemorySubscription sub) {
        if (queue.unsubscribe(sub)) {
            subscriptions.decrementAndGet();
        }
        groups.removeChannel(queue.name);
        queue.retireIfIdle(channels);
    }

    private int deliver(String channel, JsonObject frozen, long now, long expiresAt, boolean memberDelivery) {
        while (true) {
            int outcome = queue(channel).offer(frozen, now, expiresAt, memberDelivery);
            if (outcome != ChannelQueue.DEAD) {
                return outcome;
            }
        }
    }

    private ChannelQueue queue(String channel) {
        ChannelQueue queue = channels.get(channel);
        return queue != null ? queue : channels.computeIfAbsent(channel, newQueue);
    }

    private static <T> Future<T> closedFailure() {
        return Future.failedFuture(new ChannelLayerException(
                "The memory channel layer is closed; create a new one with ChannelLayer.memory(vertx)", null));
    }
}
