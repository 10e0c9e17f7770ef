// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.spi.CallerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * The part of one channel that lives in this process: its queued messages, and either the {@code receive} calls
 * waiting on it or its one subscriber. A message being handled by the subscriber counts against the capacity, so
 * a consumer that never returns from its handler stops its channel from filling memory.
 *
 * <p>A mailbox nobody in this process has read may be <em>parked</em>: a backend that routes to readers elsewhere
 * (the event bus) keeps here what found no reader, and passes it on once one appears ({@link #takeParked}).
 *
 * <p>Thread-safe: every field is guarded by this object's monitor, held only for a few field updates. Handlers run
 * on their subscriber's context, promises complete on their caller's, and {@link MailboxEvents} are told, all after
 * the monitor is released. A retired mailbox takes nothing more: its methods answer {@code null} or
 * {@link Offer#RETIRED}, and the caller looks the channel up again in its {@link LocalMailboxes}.
 */
public final class LocalMailbox {

    /** What {@link #offer} did with a message. */
    public enum Offer {
        /** Queued, or handed to a waiting {@code receive}. */
        TAKEN,
        /** Refused: the mailbox holds its capacity. */
        FULL,
        /** Refused: a group member whose queue held an expired message leaves its groups and misses this one. */
        MEMBER_EXPIRED,
        /** The mailbox was retired; look the channel up again. */
        RETIRED
    }

    /** A message taken out of a parked mailbox to pass on, with its expiry time should it come back. */
    public record Parked(JsonObject message, long expiresAt) {}

    /**
     * Queued in place of numbered messages the mailbox had to drop, once per run of drops and beyond the capacity, so
     * the reader learns of the loss and recovers from the group's history ({@link StreamPosition#isLossMarker}).
     */
    static final JsonObject LOSS_MARKER =
            FrozenJson.freeze(new JsonObject().put(StreamPosition.KEY, new JsonObject().put("lost", true)));

    /** Messages one drain task hands to the subscriber before it lets other tasks of its event loop run. */
    static final int DRAIN_BATCH = 64;

    private final String name;
    private final int capacity;
    private final LocalMailboxes table;
    private final MessageRing ring = new MessageRing();
    private ArrayDeque<Promise<JsonObject>> waiters;
    private MailboxSubscription subscriber;
    /** 1 while the subscriber's handler has a message. */
    private int handling;

    private boolean readHere;
    private boolean forwarding;
    private boolean retired;
    private long lastUsed;

    LocalMailbox(LocalMailboxes table, String name, int capacity, long now) {
        this.table = table;
        this.name = name;
        this.capacity = capacity;
        this.lastUsed = now;
    }

    LocalMailboxes table() {
        return table;
    }

    /** @return the channel's name */
    public String name() {
        return name;
    }

    /**
     * Hands a message to a waiting {@code receive}, or queues it for a later one or for the subscriber.
     *
     * @param message the message; shared, so it must not change afterwards
     * @param now {@link System#nanoTime()}
     * @param asMember a group send: a member whose queue held an expired message misses this one
     *     ({@link Offer#MEMBER_EXPIRED}), as Channels' clean-up before a group send does
     * @return what became of the message
     */
    public Offer offer(JsonObject message, long now, boolean asMember) {
        Promise<JsonObject> waiter = null;
        MailboxSubscription toSchedule = null;
        boolean droppedOldest = false;
        int expired;
        Offer outcome;
        synchronized (this) {
            if (retired) {
                return Offer.RETIRED;
            }
            lastUsed = now;
            expired = ring.dropExpired(now);
            if (expired > 0 && asMember) {
                outcome = Offer.MEMBER_EXPIRED;
            } else if (waiters != null && (waiter = waiters.poll()) != null) {
                outcome = Offer.TAKEN;
            } else if (table.policy.overflow() == MailboxPolicy.Overflow.REFUSE_NEWEST
                    && ring.size() + handling >= capacity) {
                outcome = Offer.FULL;
                if (StreamPosition.of(message) != null && markLoss(now)) {
                    toSchedule = scheduleSubscriber();
                }
            } else {
                if (ring.size() >= capacity) {
                    // DROP_OLDEST: the message in hand is not counted, since it cannot make room
                    JsonObject oldest = ring.poll();
                    droppedOldest = true;
                    if (oldest != LOSS_MARKER && StreamPosition.of(oldest) != null) {
                        markLoss(now);
                    }
                }
                ring.add(message, now + table.policy.expiryNanos());
                toSchedule = scheduleSubscriber();
                outcome = Offer.TAKEN;
            }
        }
        if (expired > 0) {
            table.expired(this, expired);
        }
        if (droppedOldest) {
            table.countFull(1);
        }
        if (waiter != null) {
            waiter.tryComplete(message);
            table.events.demandChanged(this);
        } else if (toSchedule != null) {
            toSchedule.context.runOnContext(toSchedule);
        }
        return outcome;
    }

    /**
     * Tells the reader that messages on their way to this channel may have been lost (a backend's connection to its
     * store broke): the loss marker is handed to a waiting {@code receive}, or queued beyond the capacity as for a
     * full mailbox, once per run. A mailbox nobody reads here gets nothing.
     *
     * @param now {@link System#nanoTime()}
     * @return whether the reader was told
     */
    public boolean reportLoss(long now) {
        Promise<JsonObject> waiter = null;
        MailboxSubscription toSchedule = null;
        synchronized (this) {
            if (retired || !readHere) {
                return false;
            }
            if (waiters != null && (waiter = waiters.poll()) != null) {
                lastUsed = now;
            } else if (markLoss(now)) {
                toSchedule = scheduleSubscriber();
            }
        }
        if (waiter != null) {
            waiter.tryComplete(LOSS_MARKER);
            table.events.demandChanged(this);
        } else if (toSchedule != null) {
            toSchedule.context.runOnContext(toSchedule);
        }
        return true;
    }

    /**
     * Queues the loss marker unless it is already the last message: one marker per run of drops.
     *
     * @return whether a marker was queued
     */
    private boolean markLoss(long now) {
        if (ring.peekLast() == LOSS_MARKER) {
            return false;
        }
        ring.add(LOSS_MARKER, now + table.policy.expiryNanos());
        return true;
    }

    /** @return the subscriber to schedule a drain for, if it has none scheduled; under the monitor */
    private MailboxSubscription scheduleSubscriber() {
        if (subscriber != null && !subscriber.scheduled) {
            subscriber.scheduled = true;
            return subscriber;
        }
        return null;
    }

    /**
     * The next message: at once if one is queued, else when one arrives.
     *
     * @param caller where the returned future completes; {@code null} for any thread
     * @param now {@link System#nanoTime()}
     * @return the message's future, failed if the channel has a subscriber; {@code null} if retired
     */
    Future<JsonObject> receive(Context caller, long now) {
        JsonObject message = null;
        Promise<JsonObject> waiter = null;
        int expired;
        synchronized (this) {
            if (retired) {
                return null;
            }
            if (subscriber != null) {
                return Future.failedFuture(new IllegalStateException("Channel '" + name
                        + "' has a subscriber, so it cannot also be read with receive; cancel the subscription first"));
            }
            lastUsed = now;
            readHere = true;
            expired = ring.dropExpired(now);
            if (!ring.isEmpty()) {
                message = ring.poll();
            } else {
                if (waiters == null) {
                    waiters = new ArrayDeque<>(2);
                }
                waiter = Promise.promise();
                waiters.add(waiter);
            }
        }
        if (expired > 0) {
            table.expired(this, expired);
        }
        if (message != null) {
            table.mayBeIdle(this);
            return Future.succeededFuture(message);
        }
        table.events.demandChanged(this);
        return CallerContext.completeOn(caller, waiter.future());
    }

    /**
     * Installs the one subscriber; messages already queued are delivered first.
     *
     * @return the subscription, a failed future if the channel already has a reader; {@code null} if retired
     */
    Future<MailboxSubscription> subscribe(Handler<JsonObject> handler, Context context, long now) {
        MailboxSubscription sub = new MailboxSubscription(this, handler, context);
        synchronized (this) {
            if (retired) {
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
            lastUsed = now;
            readHere = true;
            subscriber = sub;
            sub.scheduled = !ring.isEmpty();
        }
        if (sub.scheduled) {
            context.runOnContext(sub);
        }
        table.events.demandChanged(this);
        return Future.succeededFuture(sub);
    }

    /** Hands queued messages to the subscriber one at a time, on its context; runs as its scheduled task. */
    void drain(MailboxSubscription sub) {
        long now = System.nanoTime();
        int expired = 0;
        boolean reschedule = false;
        boolean detached = false;
        for (int n = 0; ; n++) {
            JsonObject message = null;
            synchronized (this) {
                handling = 0;
                if (subscriber != sub) {
                    sub.scheduled = false;
                    detached = true;
                } else {
                    expired += ring.dropExpired(now);
                    if (ring.isEmpty()) {
                        sub.scheduled = false;
                    } else if (n == DRAIN_BATCH) {
                        reschedule = true;
                    } else {
                        message = ring.poll();
                        handling = 1;
                    }
                }
            }
            if (message == null) {
                break;
            }
            sub.deliver(message);
        }
        if (expired > 0) {
            table.expired(this, expired);
        }
        if (reschedule) {
            sub.context.runOnContext(sub);
        } else {
            table.events.demandChanged(this);
            if (detached) {
                // only a mailbox its subscriber left can be idle
                table.mayBeIdle(this);
            }
        }
    }

    /** Detaches a subscriber; queued messages stay for a later reader until they expire. */
    boolean unsubscribe(MailboxSubscription sub) {
        synchronized (this) {
            if (subscriber != sub) {
                return false;
            }
            subscriber = null;
            handling = 0;
            lastUsed = System.nanoTime();
        }
        table.events.demandChanged(this);
        return true;
    }

    /**
     * Whether a backend that reads on demand should take another message for this channel: when a {@code receive}
     * waits, or when the subscriber has nothing queued or in hand. Taking one at a time leaves the rest where every
     * sender's capacity check counts them.
     *
     * @return whether one more message is wanted now
     */
    public synchronized boolean wantsMore() {
        return subscriber != null ? ring.size() + handling == 0 : waiters != null && !waiters.isEmpty();
    }

    /** @return messages queued here or in the subscriber's handler now */
    public synchronized int occupancy() {
        return ring.size() + handling;
    }

    /** @return whether a {@code receive} or a subscriber has read this channel in this process */
    public synchronized boolean readHere() {
        return readHere;
    }

    /** @return whether the channel has a subscriber */
    public synchronized boolean hasSubscriber() {
        return subscriber != null;
    }

    /** @return whether messages wait here for a reader elsewhere, so a new message must queue behind them */
    public synchronized boolean parking() {
        return !readHere && !retired && (forwarding || !ring.isEmpty());
    }

    /** @return whether passing parked messages on may start now: some wait, and no one passes them on yet */
    public synchronized boolean startForwarding() {
        if (readHere || retired || forwarding || ring.isEmpty()) {
            return false;
        }
        forwarding = true;
        return true;
    }

    /**
     * Takes the oldest parked message out to pass it on. Out of the queue, no reader here can take it as well.
     *
     * @return the message, or {@code null} (forwarding ends) when none is left or the channel is now read here
     */
    public Parked takeParked() {
        int expired;
        Parked next = null;
        synchronized (this) {
            expired = ring.dropExpired(System.nanoTime());
            if (readHere || retired || ring.isEmpty()) {
                forwarding = false;
            } else {
                long expiresAt = ring.headExpiry();
                next = new Parked(ring.poll(), expiresAt);
            }
        }
        if (expired > 0) {
            table.expired(this, expired);
        }
        return next;
    }

    /** Puts back a message that could not be passed on, at the head, and ends forwarding until the next try. */
    public synchronized void putBack(Parked parked) {
        forwarding = false;
        if (!retired) {
            ring.addFirst(parked.message(), parked.expiresAt());
        }
    }

    /** Drops expired messages; returns how many. */
    int sweep(long now) {
        int expired;
        synchronized (this) {
            expired = ring.dropExpired(now);
        }
        if (expired > 0) {
            table.expired(this, expired);
        }
        return expired;
    }

    /** Retires this mailbox if it holds nothing, nobody reads it, and it has not been used for {@code idleNanos}. */
    synchronized boolean retireIfIdle(long now, long idleNanos) {
        if (!retired
                && ring.isEmpty()
                && handling == 0
                && subscriber == null
                && !forwarding
                && (waiters == null || waiters.isEmpty())
                && now - lastUsed >= idleNanos) {
            retired = true;
        }
        return retired;
    }

    /** @return whether it holds messages or has a subscriber */
    synchronized boolean live() {
        return !ring.isEmpty() || subscriber != null;
    }

    synchronized void clear() {
        ring.clear();
    }

    /** Retires this mailbox now and fails its waiting {@code receive} calls; returns its subscriber, if any. */
    MailboxSubscription retire(Throwable cause) {
        ArrayDeque<Promise<JsonObject>> failed;
        MailboxSubscription sub;
        synchronized (this) {
            retired = true;
            ring.clear();
            failed = waiters;
            waiters = null;
            sub = subscriber;
            subscriber = null;
        }
        if (failed != null) {
            for (Promise<JsonObject> waiter : failed) {
                waiter.tryFail(cause);
            }
        }
        return sub;
    }

    @Override
    public String toString() {
        return "LocalMailbox[" + name + "]";
    }
}
