// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The channels of one layer instance that live in this process, and the event-bus registrations that route them
 * here: one per process-specific prefix the instance made names with, one per normal channel read here.
 * Thread-safe.
 */
final class ChannelTable {

    private final Map<String, LocalChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Future<Void>> ownPrefixes = new ConcurrentHashMap<>();
    private final ChannelLayerOptions options;
    private final long expiryNanos;
    private final LongAdder droppedExpired;
    private final Registrations registrations;
    private final Function<String, String> addressOf;
    private final Consumer<String> routedHere;

    /**
     * Makes the table.
     *
     * @param addressOf the event-bus address of a channel
     * @param routedHere told of each normal channel once the cluster routes it here
     */
    ChannelTable(
            ChannelLayerOptions options,
            long expiryNanos,
            LongAdder droppedExpired,
            Registrations registrations,
            Function<String, String> addressOf,
            Consumer<String> routedHere) {
        this.options = options;
        this.expiryNanos = expiryNanos;
        this.droppedExpired = droppedExpired;
        this.registrations = registrations;
        this.addressOf = addressOf;
        this.routedHere = routedHere;
    }

    LocalChannel get(String channel) {
        return channels.get(channel);
    }

    LocalChannel getOrCreate(String channel) {
        return channels.computeIfAbsent(
                channel, c -> new LocalChannel(c, options.capacityOf(c), expiryNanos, droppedExpired));
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
        LocalChannel local = channels.get(channel);
        return local != null && local.receivedHere();
    }

    /** Whether messages to the channel wait here for a receiver elsewhere, so new ones must queue behind them. */
    boolean isParking(String channel) {
        LocalChannel local = channels.get(channel);
        return local != null && local.parking();
    }

    /** Queues a message on the channel here, making the channel if needed. */
    LocalChannel.Offer deliverHere(String channel, JsonObject message) {
        while (true) {
            LocalChannel.Offer offer = getOrCreate(channel).offer(message);
            if (offer != LocalChannel.Offer.GONE) {
                return offer;
            }
        }
    }

    /** Makes sure the cluster routes a channel read here to this process; the future completes once it does. */
    Future<Void> routeHere(LocalChannel local) {
        Future<Void> own = ownPrefixes.get(ChannelNames.nonLocalPart(local.name()));
        if (own != null) {
            return own;
        }
        return local.endpoint(() -> {
            Promise<Void> ready = Promise.promise();
            registrations.acquire(addressOf.apply(local.name()), ready);
            return ready.future().andThen(ar -> {
                if (ar.succeeded()) {
                    routedHere.accept(local.name());
                }
            });
        });
    }

    /** Channels that hold messages or have a subscriber. */
    int live() {
        int live = 0;
        for (LocalChannel local : channels.values()) {
            if (local.queued() > 0 || local.hasSubscriber()) {
                live++;
            }
        }
        return live;
    }

    /** Drops every queued message (flush). */
    void clear() {
        channels.values().forEach(LocalChannel::clear);
    }

    /** Retires every channel (close), failing waiting {@code receive} calls with the cause made for each. */
    void retireAll(Function<String, Throwable> cause) {
        channels.values().forEach(local -> local.retire(cause.apply(local.name())));
        channels.clear();
    }

    /**
     * Drops expired messages, retires channels idle for the expiry time and gives back their registrations.
     *
     * @return parked channels that still hold messages, to try passing on again
     */
    List<LocalChannel> sweep() {
        long now = System.nanoTime();
        List<LocalChannel> parked = new ArrayList<>();
        for (LocalChannel local : channels.values()) {
            local.purgeExpired(now);
            if (local.retireIfIdle(now, expiryNanos)) {
                channels.remove(local.name(), local);
                if (local.hasEndpoint()) {
                    registrations.release(addressOf.apply(local.name()));
                }
            } else if (local.parking()) {
                parked.add(local);
            }
        }
        return parked;
    }
}
