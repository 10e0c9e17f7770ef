// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayerException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * The local end of one channel: messages read from Redis wait here for the channel's subscriber or for
 * {@code receive} calls. At most {@code capacity} messages wait; when full, the oldest is dropped, as channels_redis
 * does for its per-channel receive buffers. Filled on the layer context, drained on the subscriber's context, so
 * the state is guarded by this object's lock (held only for queue operations, never while a handler runs).
 */
final class Mailbox {

    private static final int DRAIN_BATCH = 64;

    final String channel;
    private final int capacity;
    private final Mailboxes owner;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final ArrayDeque<Promise<JsonObject>> waiters = new ArrayDeque<>();
    private SubscriptionImpl subscriber;
    /** A message is in the subscriber's handler now. */
    private boolean handling;

    private record Item(JsonObject message, long atMillis) {}

    Mailbox(String channel, int capacity, Mailboxes owner) {
        this.channel = channel;
        this.capacity = capacity;
        this.owner = owner;
    }

    /** Hands a message to the first waiting {@code receive}, else queues it for the subscriber. */
    void offer(JsonObject message) {
        Promise<JsonObject> waiter;
        SubscriptionImpl toDrain = null;
        synchronized (this) {
            waiter = waiters.poll();
            if (waiter == null) {
                if (queue.size() >= capacity) {
                    queue.poll();
                    owner.droppedFull.increment();
                }
                queue.add(new Item(message, System.currentTimeMillis()));
                if (subscriber != null && !subscriber.drainScheduled) {
                    subscriber.drainScheduled = true;
                    toDrain = subscriber;
                }
            }
        }
        if (waiter != null) {
            waiter.tryComplete(message);
            owner.demandChanged(this);
        }
        if (toDrain != null) {
            scheduleDrain(toDrain);
        }
    }

    /** Attaches the subscriber; queued messages are delivered first. */
    boolean attach(SubscriptionImpl subscription) {
        synchronized (this) {
            if (subscriber != null || !waiters.isEmpty()) {
                return false;
            }
            subscriber = subscription;
            if (!queue.isEmpty()) {
                subscription.drainScheduled = true;
            }
        }
        if (subscription.drainScheduled) {
            scheduleDrain(subscription);
        }
        owner.demandChanged(this);
        return true;
    }

    void detach(SubscriptionImpl subscription) {
        synchronized (this) {
            if (subscriber != subscription) {
                return;
            }
            subscriber = null;
        }
        owner.demandChanged(this);
    }

    /** The next message, at once if one is queued. Fails if the channel has a subscriber. */
    Future<JsonObject> receive() {
        Promise<JsonObject> promise = Promise.promise();
        Item item;
        synchronized (this) {
            if (subscriber != null) {
                return Future.failedFuture(new IllegalStateException("Channel '" + channel
                        + "' has a subscriber, so receive() cannot read it; cancel the subscription first"));
            }
            item = queue.poll();
            if (item == null) {
                waiters.add(promise);
            }
        }
        if (item != null) {
            return Future.succeededFuture(item.message);
        }
        owner.demandChanged(this);
        return promise.future();
    }

    /**
     * Whether a reader should take another message from Redis for this channel: when a {@code receive} waits, or
     * when the subscriber has nothing queued or in hand. Taking one at a time leaves the rest in Redis, where
     * every sender's capacity check counts them, as channels_redis' receive does.
     */
    synchronized boolean wantsMore() {
        return subscriber != null ? occupancy() == 0 : !waiters.isEmpty();
    }

    /** Messages taken from Redis and not yet handled: queued here or in the handler now. */
    synchronized int occupancy() {
        return queue.size() + (handling ? 1 : 0);
    }

    synchronized boolean isIdle() {
        return subscriber == null && waiters.isEmpty();
    }

    synchronized boolean hasSubscriber() {
        return subscriber != null;
    }

    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Drops queued messages older than the cutoff; returns how many. */
    synchronized int dropOlderThan(long cutoffMillis) {
        int dropped = 0;
        while (!queue.isEmpty() && queue.peek().atMillis < cutoffMillis) {
            queue.poll();
            dropped++;
        }
        return dropped;
    }

    synchronized void clear() {
        queue.clear();
    }

    /** The layer is closing: waiting receives fail, the subscriber gets nothing more. */
    void close(String flavour) {
        ArrayDeque<Promise<JsonObject>> failed;
        synchronized (this) {
            failed = new ArrayDeque<>(waiters);
            waiters.clear();
            queue.clear();
            subscriber = null;
        }
        failed.forEach(p -> p.tryFail(new ChannelLayerException(
                "receive() on channel '" + channel + "' ended: the " + flavour + " channel layer was closed", null)));
    }

    private void scheduleDrain(SubscriptionImpl subscription) {
        subscription.context.runOnContext(v -> drain(subscription));
    }

    private void drain(SubscriptionImpl subscription) {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            Item item;
            synchronized (this) {
                if (subscriber != subscription) {
                    subscription.drainScheduled = false;
                    return;
                }
                item = queue.poll();
                if (item == null) {
                    subscription.drainScheduled = false;
                    return;
                }
                handling = true;
            }
            try {
                subscription.handler.handle(item.message);
            } catch (Throwable t) {
                subscription.context.reportException(t);
            }
            boolean idle;
            synchronized (this) {
                handling = false;
                idle = queue.isEmpty();
            }
            if (idle) {
                owner.demandChanged(this);
            }
        }
        // let other tasks of the subscriber's event loop run between batches
        scheduleDrain(subscription);
    }
}
