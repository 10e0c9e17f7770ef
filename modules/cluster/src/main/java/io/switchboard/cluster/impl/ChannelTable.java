// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.kernel.LocalMailbox;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.kernel.MailboxEvents;
import io.switchboard.layer.kernel.MailboxPolicy;
import io.switchboard.layer.kernel.MailboxSubscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The channels of one layer instance that live in this process (the kernel's {@link LocalMailboxes}), and the
 * event-bus registrations that route them here: one per process-specific prefix the instance made names with, one
 * per normal channel read here, given back when its mailbox is retired. Thread-safe.
 */
final class ChannelTable {

    private final LocalMailboxes mailboxes;
    private final Map<String, Future<Void>> ownPrefixes = new ConcurrentHashMap<>();
    private final Map<LocalMailbox, Future<Void>> endpoints = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final Registrations registrations;
    private final Function<String, String> addressOf;
    private final Consumer<String> routedHere;

    /**
     * Makes the table.
     *
     * @param expiryNanos how long a message waits unread, and a mailbox nobody uses stays
     * @param addressOf the event-bus address of a channel
     * @param routedHere told of each normal channel once the cluster routes it here
     * @param cancelled a subscription ended: the channel leaves this instance's groups
     */
    ChannelTable(
            ChannelLayerOptions options,
            long expiryNanos,
            Registrations registrations,
            Function<String, String> addressOf,
            Consumer<String> routedHere,
            Function<String, Future<Void>> cancelled) {
        this.idleNanos = expiryNanos;
        this.registrations = registrations;
        this.addressOf = addressOf;
        this.routedHere = routedHere;
        MailboxPolicy policy =
                new MailboxPolicy(options::capacityOf, expiryNanos, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        this.mailboxes = new LocalMailboxes(policy, new MailboxEvents() {
            @Override
            public Future<Void> cancelled(LocalMailbox mailbox) {
                return cancelled.apply(mailbox.name());
            }

            @Override
            public void retired(LocalMailbox mailbox) {
                if (endpoints.remove(mailbox) != null) {
                    registrations.release(addressOf.apply(mailbox.name()));
                }
            }
        });
    }

    LocalMailboxes mailboxes() {
        return mailboxes;
    }

    /** Registers a process-specific prefix of this instance, once; the future completes once it is routed. */
    Future<Void> ownPrefix(String nonLocalPart, String anyName) {
        return ownPrefixes.computeIfAbsent(nonLocalPart, p -> {
            Promise<Void> ready = Promise.promise();
            registrations.acquire(addressOf.apply(anyName), ready);
            return ready.future();
        });
    }

    /** Whether this instance receives the channel: one of its own process-specific names, or one read here. */
    boolean isLocal(String channel) {
        if (ChannelNames.isProcessSpecific(channel) && ownPrefixes.containsKey(ChannelNames.nonLocalPart(channel))) {
            return true;
        }
        LocalMailbox local = mailboxes.get(channel);
        return local != null && local.readHere();
    }

    /** Whether messages to the channel wait here for a receiver elsewhere, so new ones must queue behind them. */
    boolean isParking(String channel) {
        LocalMailbox local = mailboxes.get(channel);
        return local != null && local.parking();
    }

    /** Queues a message on the channel here, making its mailbox if needed. */
    LocalMailbox.Offer deliverHere(String channel, JsonObject message) {
        return mailboxes.offer(channel, message, System.nanoTime(), false);
    }

    /** The channel's next message, read here: the cluster routes the channel to this process from now on. */
    Future<JsonObject> receive(String channel, Context caller) {
        Future<JsonObject> next = mailboxes.receive(channel, caller);
        LocalMailbox local = mailboxes.get(channel);
        if (local != null) {
            routeHere(local);
        }
        return next;
    }

    /** Subscribes here; the future completes once the cluster routes the channel to this process. */
    Future<MailboxSubscription> subscribe(String channel, Handler<JsonObject> handler, Context context) {
        return mailboxes
                .subscribe(channel, handler, context)
                .compose(sub -> routeHere(sub.mailbox()).map(sub));
    }

    /** Makes sure the cluster routes a channel read here to this process; the future completes once it does. */
    private Future<Void> routeHere(LocalMailbox local) {
        Future<Void> own = ownPrefixes.get(ChannelNames.nonLocalPart(local.name()));
        if (own != null) {
            return own;
        }
        return endpoints.computeIfAbsent(local, box -> {
            Promise<Void> ready = Promise.promise();
            registrations.acquire(addressOf.apply(box.name()), ready);
            return ready.future().andThen(ar -> {
                if (ar.succeeded()) {
                    routedHere.accept(box.name());
                }
            });
        });
    }

    /**
     * Drops expired messages, retires mailboxes idle for the expiry time (giving back their registrations).
     *
     * @return parked mailboxes that still hold messages, to try passing on again
     */
    List<LocalMailbox> sweep() {
        return mailboxes.sweep(idleNanos);
    }
}
