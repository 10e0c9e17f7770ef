// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * One channel of the memory layer: its queued messages, the {@code receive} calls waiting on it, or its one
 * subscriber. Every field is guarded by this object's monitor, held only for a few field updates; promises are
 * completed and tasks scheduled after the monitor is released. A queue that became idle is marked dead and
 * taken out of the layer's map under the monitor, so a sender that found it retries with a fresh queue.
 */
final class ChannelQueue {

    static final int DELIVERED = 0;
    static final int FULL = 1;
    static final int DEAD = 2;
    static final int MEMBER_EXPIRED = 3;

    /** Messages one drain task hands to the subscriber before it yields the event loop. */
    private static final int DRAIN_BATCH = 64;

    final String name;
    final int capacity;
    private final MemoryChannelLayer layer;
    private final MessageRing ring = new MessageRing();
    private ArrayDeque<Promise<JsonObject>> waiters;
    private MemorySubscription subscriber;
    private int inFlight;
    private boolean dead;

    ChannelQueue(MemoryChannelLayer layer, String name, int capacity) {
        this.layer = layer;
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * Hands a message to a waiting receiver, or queues it for a later receive or for the subscriber.
     *
     * @param memberDelivery a group send: a member whose queue held an expired message leaves its groups and
     *     misses this message, as Channels' clean-up before a group send does
     * @return {@link #DELIVERED}, {@link #FULL}, {@link #DEAD} (retry on a fresh queue) or {@link #MEMBER_EXPIRED}
     */
    int offer(JsonObject message, long now, long expiresAt, boolean memberDelivery) {
        Promise<JsonObject> waiter = null;
        MemorySubscription schedule = null;
        int expired;
        int outcome;
        synchronized (this) {
            if (dead) {
                return DEAD;
            }
            expired = ring.dropExpired(now);
            if (expired > 0 && memberDelivery) {
                outcome = MEMBER_EXPIRED;
            } else if (waiters != null && (waiter = waiters.poll()) != null) {
                outcome = DELIVERED;
            } else if (ring.size() + inFlight >= capacity) {
                outcome = FULL;
            } else {
                ring.add(message, expiresAt);
                if (subscriber != null && !subscriber.scheduled) {
                    subscriber.scheduled = true;
                    schedule = subscriber;
                }
                outcome = DELIVERED;
            }
        }
        if (expired > 0) {
            layer.expired(this, expired);
        }
        if (waiter != null) {
            waiter.complete(message);
        } else if (schedule != null) {
            schedule.context.runOnContext(schedule);
        }
        return outcome;
    }

    /** Takes the next message, or registers a waiter; {@code null} means this queue is dead: retry. */
    Future<JsonObject> poll(ContextInternal context, long now) {
        JsonObject message = null;
        Promise<JsonObject> waiter = null;
        int expired;
        synchronized (this) {
            if (dead) {
                return null;
            }
            if (subscriber != null) {
                return Future.failedFuture(new IllegalStateException("Channel '" + name
                        + "' has a subscriber, so it cannot also be read with receive; cancel the subscription first"));
            }
            expired = ring.dropExpired(now);
            if (!ring.isEmpty()) {
                message = ring.poll();
            } else {
                if (waiters == null) {
                    waiters = new ArrayDeque<>(2);
                }
                waiter = context.promise();
                waiters.add(waiter);
            }
        }
        if (expired > 0) {
            layer.expired(this, expired);
        }
        if (message != null) {
            layer.removeIfIdle(this);
            return Future.succeededFuture(message);
        }
        return waiter.future();
    }

    /** Installs a subscriber; {@code null} means this queue is dead: retry. */
    Future<Subscription> subscribe(MemorySubscription sub) {
        boolean schedule;
        synchronized (this) {
            if (dead) {
                return null;
            }
            if (subscriber != null) {
                return Future.failedFuture(new IllegalStateException("Channel '" + name
                        + "' already has a subscriber; cancel it first or subscribe to another channel"));
            }
            if (waiters != null && !waiters.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("Channel '" + name
                        + "' has receive calls waiting; read a channel either with receive or with one subscriber"));
            }
            subscriber = sub;
            schedule = !ring.isEmpty();
            sub.scheduled = schedule;
        }
        if (schedule) {
            sub.context.runOnContext(sub);
        }
        return Future.succeededFuture(sub);
    }

    /** Hands queued messages to the subscriber one at a time, on its context; runs as its scheduled task. */
    void drain(MemorySubscription sub) {
        long now = System.nanoTime();
        int expired = 0;
        boolean holding = false;
        boolean reschedule = false;
        for (int n = 0; ; n++) {
            JsonObject message = null;
            synchronized (this) {
                if (holding) {
                    inFlight--;
                    holding = false;
                }
                if (subscriber != sub) {
                    sub.scheduled = false;
                } else {
                    expired += ring.dropExpired(now);
                    if (ring.isEmpty()) {
                        sub.scheduled = false;
                    } else if (n == DRAIN_BATCH) {
                        reschedule = true;
                    } else {
                        message = ring.poll();
                        inFlight++;
                        holding = true;
                    }
                }
            }
            if (message == null) {
                break;
            }
            try {
                sub.handler.handle(message);
            } catch (Throwable t) {
                sub.context.reportException(t);
            }
        }
        if (expired > 0) {
            layer.expired(this, expired);
        }
        if (reschedule) {
            sub.context.runOnContext(sub);
        } else {
            layer.removeIfIdle(this);
        }
    }

    /** Detaches a subscriber; messages still queued stay for a later reader, until they expire. */
    synchronized boolean unsubscribe(MemorySubscription sub) {
        if (subscriber != sub) {
            return false;
        }
        subscriber = null;
        return true;
    }

    /** Drops expired messages; returns how many. */
    int sweep(long now) {
        int expired;
        synchronized (this) {
            expired = ring.dropExpired(now);
        }
        if (expired > 0) {
            layer.expired(this, expired);
        }
        return expired;
    }

    synchronized void clearMessages() {
        ring.clear();
    }

    /** Marks this queue dead and fails its waiters, for close; returns its subscriber, if any. */
    MemorySubscription kill() {
        ArrayDeque<Promise<JsonObject>> failed;
        MemorySubscription sub;
        synchronized (this) {
            dead = true;
            ring.clear();
            failed = waiters;
            waiters = null;
            sub = subscriber;
            subscriber = null;
        }
        if (failed != null) {
            for (Promise<JsonObject> waiter : failed) {
                waiter.fail(new ChannelLayerException(
                        "The channel layer was closed while a receive waited on channel '" + name + "'", null));
            }
        }
        return sub;
    }

    /** Takes this queue out of {@code channels} if nothing holds it; a sender that still has it sees it dead. */
    synchronized void retireIfIdle(Map<String, ChannelQueue> channels) {
        if (!dead && ring.isEmpty() && inFlight == 0 && subscriber == null && (waiters == null || waiters.isEmpty())) {
            dead = true;
            channels.remove(name, this);
        }
    }
}
