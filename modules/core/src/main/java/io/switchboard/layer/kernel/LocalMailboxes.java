// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.ChannelFullException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mailboxes of one layer instance in this process, by channel name, with what they have dropped. A mailbox is
 * made on first use and retired when it holds nothing and nobody reads it (at once or at the next sweep, by the
 * {@link MailboxPolicy}); a caller that raced with a retirement retries on a fresh mailbox, so nothing is lost
 * to it. Thread-safe; nothing blocks.
 */
public final class LocalMailboxes {

    final MailboxPolicy policy;
    final MailboxEvents events;
    private final ConcurrentHashMap<String, LocalMailbox> boxes = new ConcurrentHashMap<>();
    private final Function<String, LocalMailbox> newBox;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedExpired = new LongAdder();
    private final LongAdder groupSends = new LongAdder();
    private final LongAdder delivered = new LongAdder();

    /**
     * Makes an empty table.
     *
     * @param policy capacity, expiry, overflow and retirement
     * @param events what the backend wants to hear
     */
    public LocalMailboxes(MailboxPolicy policy, MailboxEvents events) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        this.newBox = name -> new LocalMailbox(this, name, policy.capacity().applyAsInt(name), System.nanoTime());
    }

    /** @return the channel's mailbox, or {@code null} if it has none now */
    public LocalMailbox get(String channel) {
        return boxes.get(channel);
    }

    /** @return the channel's mailbox, made if needed */
    public LocalMailbox open(String channel) {
        LocalMailbox box = boxes.get(channel);
        return box != null ? box : boxes.computeIfAbsent(channel, newBox);
    }

    /**
     * Offers a message to a channel's mailbox, making it if needed.
     *
     * @param asMember a group send ({@link LocalMailbox#offer})
     * @return {@link LocalMailbox.Offer#TAKEN}, {@link LocalMailbox.Offer#FULL} or
     *     {@link LocalMailbox.Offer#MEMBER_EXPIRED}
     */
    public LocalMailbox.Offer offer(String channel, JsonObject message, long now, boolean asMember) {
        while (true) {
            LocalMailbox.Offer outcome = open(channel).offer(message, now, asMember);
            if (outcome != LocalMailbox.Offer.RETIRED) {
                return outcome;
            }
        }
    }

    /**
     * Queues a message as {@code send} does.
     *
     * @return a future failed with {@link ChannelFullException} when the channel holds its capacity
     */
    public Future<Void> send(String channel, JsonObject message) {
        if (offer(channel, message, System.nanoTime(), false) == LocalMailbox.Offer.FULL) {
            return Future.failedFuture(
                    new ChannelFullException(channel, policy.capacity().applyAsInt(channel)));
        }
        return Future.succeededFuture();
    }

    /**
     * Delivers a copy of a group message to one member; a full member misses it and is counted.
     *
     * @return whether the member took it
     */
    public boolean deliverToMember(String channel, JsonObject message, long now) {
        LocalMailbox.Offer outcome = offer(channel, message, now, true);
        if (outcome == LocalMailbox.Offer.FULL) {
            droppedFull.increment();
        }
        if (outcome == LocalMailbox.Offer.TAKEN) {
            delivered.increment();
            return true;
        }
        return false;
    }

    /** A group send was called in this process: the layer counts it here, beside its deliveries. */
    public void countGroupSend() {
        groupSends.increment();
    }

    /** @return group sends counted with {@link #countGroupSend()} */
    public long groupSends() {
        return groupSends.sum();
    }

    /** @return group messages {@link #deliverToMember} put in a channel */
    public long delivered() {
        return delivered.sum();
    }

    /**
     * The channel's next message.
     *
     * @param caller where the future completes; {@code null} for any thread
     * @return the message's future, failed if the channel has a subscriber
     */
    public Future<JsonObject> receive(String channel, Context caller) {
        while (true) {
            Future<JsonObject> next = open(channel).receive(caller, System.nanoTime());
            if (next != null) {
                return next;
            }
        }
    }

    /**
     * Makes the channel's one subscriber: {@code handler} gets every message, queued ones first, one at a time and
     * in order, on {@code context}.
     *
     * @return the subscription; a failed future if the channel already has a subscriber or waiting receives
     */
    public Future<MailboxSubscription> subscribe(String channel, Handler<JsonObject> handler, Context context) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(context, "context");
        while (true) {
            Future<MailboxSubscription> made = open(channel).subscribe(handler, context, System.nanoTime());
            if (made != null) {
                if (made.succeeded()) {
                    subscriptions.incrementAndGet();
                }
                return made;
            }
        }
    }

    /**
     * Drops expired messages, retires mailboxes left idle for {@code idleNanos} and tells the backend of each.
     *
     * @return mailboxes that still hold messages nobody here reads (parked)
     */
    public List<LocalMailbox> sweep(long idleNanos) {
        long now = System.nanoTime();
        List<LocalMailbox> parked = new ArrayList<>();
        for (LocalMailbox box : boxes.values()) {
            box.sweep(now);
            if (box.retireIfIdle(now, idleNanos)) {
                removeRetired(box);
            } else if (box.parking()) {
                parked.add(box);
            }
        }
        return parked;
    }

    /** Retires a mailbox now if it holds nothing and nobody reads it, as after an ended subscription. */
    public void retireIfIdle(LocalMailbox box) {
        if (box.retireIfIdle(System.nanoTime(), 0)) {
            removeRetired(box);
        }
    }

    /** Drops every queued message (flush); readers stay. */
    public void clearMessages() {
        for (LocalMailbox box : boxes.values()) {
            box.clear();
            mayBeIdle(box);
        }
    }

    /**
     * Retires every mailbox, as the layer closes: waiting receives fail, subscribers get nothing more.
     *
     * @param cause makes the failure of a channel's waiting receives
     */
    public void retireAll(Function<String, Throwable> cause) {
        for (LocalMailbox box : boxes.values()) {
            MailboxSubscription sub = box.retire(cause.apply(box.name()));
            if (sub != null && sub.markEnded()) {
                subscriptions.decrementAndGet();
            }
        }
        boxes.clear();
    }

    /**
     * Tells the readers of the matching channels that messages for them may have been lost on the way
     * ({@link LocalMailbox#reportLoss}): a backend's connection broke, or came back after a break.
     *
     * @param affected which channels the broken connection fed
     * @return how many readers were told
     */
    public int reportLoss(Predicate<String> affected) {
        long now = System.nanoTime();
        int told = 0;
        for (LocalMailbox box : boxes.values()) {
            if (affected.test(box.name()) && box.reportLoss(now)) {
                told++;
            }
        }
        return told;
    }

    /** Counts messages a member missed because it was full, for drops the backend sees itself. */
    public void countFull(long count) {
        droppedFull.add(count);
    }

    /** Counts messages that expired before they reached a mailbox, for drops the backend sees itself. */
    public void countExpired(long count) {
        droppedExpired.add(count);
    }

    /** @return channels that hold messages or have a subscriber */
    public int live() {
        int live = 0;
        for (LocalMailbox box : boxes.values()) {
            if (box.live()) {
                live++;
            }
        }
        return live;
    }

    /** @return live subscriptions */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** @return messages refused or dropped because a mailbox was full, since the table was made */
    public long droppedFull() {
        return droppedFull.sum();
    }

    /** @return messages dropped because they outlived the expiry, since the table was made */
    public long droppedExpired() {
        return droppedExpired.sum();
    }

    void expired(LocalMailbox box, int count) {
        droppedExpired.add(count);
        events.expired(box, count);
        mayBeIdle(box);
    }

    /** A mailbox may have become idle: retire it now if the policy says so. */
    void mayBeIdle(LocalMailbox box) {
        if (policy.retireWhenIdle()) {
            retireIfIdle(box);
        }
    }

    Future<Void> unsubscribed(MailboxSubscription sub) {
        LocalMailbox box = sub.mailbox();
        if (!box.unsubscribe(sub)) {
            return Future.succeededFuture();
        }
        subscriptions.decrementAndGet();
        Future<Void> ended = events.cancelled(box);
        mayBeIdle(box);
        return ended;
    }

    private void removeRetired(LocalMailbox box) {
        if (boxes.remove(box.name(), box)) {
            events.retired(box);
        }
    }
}
