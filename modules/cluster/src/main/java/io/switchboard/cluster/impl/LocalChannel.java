// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The part of one channel that lives in this process: its bounded queue, the {@code receive} calls waiting on
 * it, and its subscriber. A channel nobody here has read is <em>parked</em>: its queue holds messages that found
 * no receiver in the cluster, until a receiver appears and they are passed on. Thread-safe: every method may be
 * called from any thread; handlers and waiters run on their own contexts, never under the lock.
 */
final class LocalChannel {

    private static final System.Logger LOG = System.getLogger(LocalChannel.class.getName());
    /** Messages handled per turn of the subscriber's context before it lets other work run. */
    private static final int DRAIN_BATCH = 64;

    /** What {@link #offer} did with a message. */
    enum Offer {
        TAKEN,
        FULL,
        /** The channel was retired; look it up again. */
        GONE
    }

    /** A queued message and when it arrived here. */
    record Queued(JsonObject message, long enqueuedAt) {}

    private record Waiter(Promise<JsonObject> promise, Context context) {}

    /** A subscriber and its delivery state, guarded by the channel's lock. */
    static final class Subscriber {
        /** Returned by {@link #subscribe} when the channel was retired; look it up again. */
        static final Subscriber GONE = new Subscriber(null, null);

        private final Handler<JsonObject> handler;
        private final Context context;
        private boolean scheduled;
        private int handling;

        private Subscriber(Handler<JsonObject> handler, Context context) {
            this.handler = handler;
            this.context = context;
        }
    }

    private final String name;
    private final int capacity;
    private final long expiryNanos;
    private final LongAdder droppedExpired;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Subscriber subscriber;
    private boolean receivedHere;
    private boolean retired;
    private boolean forwarding;
    private Future<Void> endpoint;
    private long lastUsed = System.nanoTime();

    LocalChannel(String name, int capacity, long expiryNanos, LongAdder droppedExpired) {
        this.name = name;
        this.capacity = capacity;
        this.expiryNanos = expiryNanos;
        this.droppedExpired = droppedExpired;
    }

    String name() {
        return name;
    }

    /** Queues a message, or hands it to a waiting {@code receive}. A message being handled counts as queued. */
    Offer offer(JsonObject message) {
        Waiter waiter;
        Subscriber toSchedule = null;
        synchronized (this) {
            if (retired) {
                return Offer.GONE;
            }
            long now = System.nanoTime();
            lastUsed = now;
            purgeExpired(now);
            waiter = waiters.poll();
            if (waiter == null) {
                int handling = subscriber == null ? 0 : subscriber.handling;
                if (queue.size() + handling >= capacity) {
                    return Offer.FULL;
                }
                queue.add(new Queued(message, now));
                if (subscriber != null && !subscriber.scheduled) {
                    subscriber.scheduled = true;
                    toSchedule = subscriber;
                }
            }
        }
        if (waiter != null) {
            complete(waiter, message);
        } else if (toSchedule != null) {
            schedule(toSchedule);
        }
        return Offer.TAKEN;
    }

    /** The next message, now if one is queued, else when one arrives; {@code null} if the channel was retired. */
    Future<JsonObject> receive(Context caller) {
        synchronized (this) {
            if (retired) {
                return null;
            }
            long now = System.nanoTime();
            lastUsed = now;
            receivedHere = true;
            if (subscriber != null) {
                return Future.failedFuture(new IllegalStateException("Channel '" + name
                        + "' has a subscriber, so it cannot also be read with receive; cancel the subscription first"));
            }
            purgeExpired(now);
            Queued head = queue.poll();
            if (head != null) {
                return Future.succeededFuture(head.message());
            }
            Promise<JsonObject> promise = Promise.promise();
            waiters.add(new Waiter(promise, caller));
            return promise.future();
        }
    }

    /**
     * Sets the subscriber.
     *
     * @return the subscriber, {@code null} if the channel already has one, {@link Subscriber#GONE} if retired
     */
    Subscriber subscribe(Handler<JsonObject> handler, Context context) {
        Subscriber sub;
        synchronized (this) {
            if (retired) {
                return Subscriber.GONE;
            }
            lastUsed = System.nanoTime();
            receivedHere = true;
            if (subscriber != null) {
                return null;
            }
            sub = new Subscriber(handler, context);
            subscriber = sub;
            if (queue.isEmpty()) {
                return sub;
            }
            sub.scheduled = true;
        }
        schedule(sub);
        return sub;
    }

    /** Removes the subscriber if it is still this one; returns whether it was. */
    synchronized boolean unsubscribe(Subscriber sub) {
        if (subscriber != sub) {
            return false;
        }
        subscriber = null;
        lastUsed = System.nanoTime();
        return true;
    }

    /** Whether a {@code receive} or a subscriber has read this channel in this process. */
    synchronized boolean receivedHere() {
        return receivedHere;
    }

    synchronized boolean hasSubscriber() {
        return subscriber != null;
    }

    /** Whether messages wait here for a receiver elsewhere, so a new message must queue behind them. */
    synchronized boolean parking() {
        return !receivedHere && !retired && (forwarding || !queue.isEmpty());
    }

    /** Starts passing parked messages on; {@code false} if there are none or it is already under way. */
    synchronized boolean startForwarding() {
        if (receivedHere || retired || forwarding || queue.isEmpty()) {
            return false;
        }
        forwarding = true;
        return true;
    }

    /**
     * Takes the oldest parked message out to pass it on, or returns {@code null} (and forwarding ends) when
     * none is left or the channel is now read here. Out of the queue, no local reader can take it as well.
     */
    synchronized Queued takeParked() {
        purgeExpired(System.nanoTime());
        if (receivedHere || retired || queue.isEmpty()) {
            forwarding = false;
            return null;
        }
        return queue.poll();
    }

    /** Puts back a message that could not be passed on, and ends forwarding until the next try. */
    synchronized void putBack(Queued message) {
        forwarding = false;
        if (!retired) {
            queue.addFirst(message);
        }
    }

    /**
     * The registration that routes this channel's messages from other processes here, made on first use.
     *
     * @param register makes the registration; called at most once
     * @return the registration's future
     */
    synchronized Future<Void> endpoint(Supplier<Future<Void>> register) {
        if (endpoint == null) {
            endpoint = register.get();
        }
        return endpoint;
    }

    /** Whether {@link #endpoint} made a registration, which must be given back when the channel goes. */
    synchronized boolean hasEndpoint() {
        return endpoint != null;
    }

    /**
     * Retires the channel if it holds nothing, nobody reads it, and it has not been used for {@code idleNanos}.
     * A retired channel takes nothing more; the caller removes it from the table.
     *
     * @return whether it was retired
     */
    synchronized boolean retireIfIdle(long now, long idleNanos) {
        if (subscriber == null && waiters.isEmpty() && queue.isEmpty() && !forwarding && now - lastUsed >= idleNanos) {
            retired = true;
        }
        return retired;
    }

    /** Retires the channel now, failing its waiting {@code receive} calls with {@code cause} (close). */
    void retire(Throwable cause) {
        ArrayDeque<Waiter> failed;
        synchronized (this) {
            retired = true;
            subscriber = null;
            queue.clear();
            failed = new ArrayDeque<>(waiters);
            waiters.clear();
        }
        for (Waiter w : failed) {
            if (w.context() == null) {
                w.promise().tryFail(cause);
            } else {
                w.context().runOnContext(v -> w.promise().tryFail(cause));
            }
        }
    }

    /** Drops messages older than the expiry from the head of the queue. */
    synchronized void purgeExpired(long now) {
        Queued head;
        while ((head = queue.peek()) != null && now - head.enqueuedAt() >= expiryNanos) {
            queue.poll();
            droppedExpired.increment();
        }
    }

    /** Drops every queued message (flush); readers stay. */
    synchronized void clear() {
        queue.clear();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void schedule(Subscriber sub) {
        sub.context.runOnContext(v -> drain(sub));
    }

    private void drain(Subscriber sub) {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            JsonObject message;
            synchronized (this) {
                sub.handling = 0;
                if (subscriber != sub) {
                    sub.scheduled = false;
                    return;
                }
                purgeExpired(System.nanoTime());
                Queued head = queue.poll();
                if (head == null) {
                    sub.scheduled = false;
                    return;
                }
                message = head.message();
                sub.handling = 1;
            }
            try {
                sub.handler.handle(message);
            } catch (Throwable t) {
                report(sub.context, t);
            }
        }
        synchronized (this) {
            sub.handling = 0;
        }
        schedule(sub);
    }

    private void report(Context context, Throwable failure) {
        Handler<Throwable> handler = context.exceptionHandler();
        if (handler != null) {
            handler.handle(failure);
        } else {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Subscriber of channel '" + name + "' failed on a message; it keeps its subscription",
                    failure);
        }
    }

    private static void complete(Waiter waiter, JsonObject message) {
        Context context = waiter.context();
        if (context == null || context == Vertx.currentContext()) {
            waiter.promise().complete(message);
        } else {
            context.runOnContext(v -> waiter.promise().complete(message));
        }
    }
}
