// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.internal.VertxInternals;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.Presence;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.kernel.GroupHistories;
import io.switchboard.layer.kernel.HistoryRules;
import io.switchboard.layer.kernel.LocalGroups;
import io.switchboard.layer.kernel.LocalMailbox;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.kernel.MailboxEvents;
import io.switchboard.layer.kernel.MailboxPolicy;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory channel layer: Channels' {@code InMemoryChannelLayer} for one process, shared by every event
 * loop: the {@linkplain io.switchboard.layer.kernel local-delivery kernel} with no transport. Each channel is a
 * {@link LocalMailbox}, retired as soon as it is idle; groups are the kernel's {@link LocalGroups}. Nothing blocks.
 *
 * <p>Messages are stored as deep-frozen copies: what a receiver or subscriber gets is read-only (a write throws
 * {@link UnsupportedOperationException}; {@link JsonObject#copy()} gives a mutable copy), and one snapshot made
 * per {@link #groupSend} is shared by every member, so handlers on different threads cannot affect each other.
 *
 * <p>Expired messages are dropped (and their channel leaves every group, as in Channels) when the channel is
 * read or sent to and by a periodic sweep, which also ends memberships older than the group expiry; so an
 * abandoned channel or group does not leak. {@link #close()} cancels the sweep.
 *
 * <p>Groups that keep a history number their messages in the kernel's {@link GroupHistories}; the history lives as
 * long as the layer, so a restarted process starts every group on a new epoch.
 */
public class MemoryChannelLayer implements ChannelLayer {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Longest prefix for which {@code prefix + ".inmemory!" + 12 letters} is still a valid name. */
    private static final int MAX_PREFIX_LENGTH = ChannelNames.MAX_LENGTH - 1 - ".inmemory!".length() - 12;

    private final Vertx vertx;
    private final ChannelLayerOptions options;
    private final long groupExpiryNanos;
    private final LocalGroups groups = new LocalGroups();
    private final GroupHistories histories;
    private final HistoryRules historyRules;

    private final LocalMailboxes mailboxes;
    private final MemoryPresence presence;
    private final long sweepTimer;
    private volatile boolean closed;

    /**
     * Creates the layer and starts its periodic sweep.
     *
     * @param vertx the Vert.x instance whose timers and contexts the layer uses
     * @param options capacity, per-channel capacity, expiry and group expiry; copied
     */
    public MemoryChannelLayer(Vertx vertx, ChannelLayerOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new ChannelLayerOptions(Objects.requireNonNull(options, "options"));
        this.groupExpiryNanos = TimeUnit.SECONDS.toNanos(this.options.getGroupExpirySeconds());
        long expiryNanos = TimeUnit.SECONDS.toNanos(this.options.getExpirySeconds());
        this.historyRules = new HistoryRules(this.options);
        this.histories = new GroupHistories(historyRules);
        this.presence = new MemoryPresence(this, "memory-" + randomLetters(12), this.options);
        this.mailboxes = new LocalMailboxes(
                new MailboxPolicy(this.options::capacityOf, expiryNanos, MailboxPolicy.Overflow.REFUSE_NEWEST, true),
                new MailboxEvents() {
                    @Override
                    public void expired(LocalMailbox mailbox, int count) {
                        groups.removeChannel(mailbox.name());
                    }

                    @Override
                    public Future<Void> cancelled(LocalMailbox mailbox) {
                        groups.removeChannel(mailbox.name());
                        return Future.succeededFuture();
                    }
                });
        long shortest = Math.min(this.options.getExpirySeconds(), this.options.getGroupExpirySeconds());
        long period = Math.max(100, Math.min(30_000, shortest * 1000 / 2));
        // A context of its own, so the sweep outlives the verticle that happened to create the layer
        this.sweepTimer =
                VertxInternals.setPeriodic(VertxInternals.newEventLoopContext(this.vertx), period, id -> sweep());
    }

    @Override
    public Future<Void> send(String channel, JsonObject message) {
        ChannelNames.requireValidChannel(channel);
        JsonObject frozen = FrozenJson.freeze(ChannelNames.requireSendable(channel, message));
        if (closed) {
            return closedFailure();
        }
        return mailboxes.send(channel, frozen);
    }

    @Override
    public Future<JsonObject> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        return mailboxes.receive(channel, vertx.getOrCreateContext());
    }

    @Override
    public Future<String> newChannel(String prefix) {
        if (!ChannelNames.isValidGroup(prefix) || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException(
                    "Invalid channel prefix " + (prefix == null ? "null" : "'" + prefix + "'") + ": use 1-"
                            + MAX_PREFIX_LENGTH + " ASCII letters, digits, '-', '_' or '.'");
        }
        return Future.succeededFuture(prefix + ".inmemory!" + randomLetters(12));
    }

    private static String randomLetters(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder letters = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            letters.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return letters.toString();
    }

    @Override
    public Future<Subscription> subscribe(String channel, Handler<JsonObject> handler) {
        ChannelNames.requireValidChannel(channel);
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            return closedFailure();
        }
        return mailboxes.subscribe(channel, handler, vertx.getOrCreateContext()).map(Subscription.class::cast);
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
        ChannelNames.requireSendable(group, message);
        if (closed) {
            return closedFailure();
        }
        send(group, null, message);
        return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> groupSendOnce(String group, String key, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidKey(key);
        ChannelNames.requireSendable(group, message);
        if (closed) {
            return closedFailure();
        }
        return Future.succeededFuture(send(group, key, message));
    }

    private boolean send(String group, String key, JsonObject message) {
        mailboxes.countGroupSend();
        long now = System.nanoTime();
        if (histories.keepsHistory(group)) {
            return histories.append(
                    group,
                    key,
                    position -> FrozenJson.stamped(position, group, message),
                    stamped -> deliver(group, stamped, now),
                    now);
        }
        deliver(group, FrozenJson.freeze(message), now);
        return true;
    }

    private void deliver(String group, JsonObject frozen, long now) {
        long cutoff = now - groupExpiryNanos;
        groups.forEachMember(group, (channel, joined) -> {
            if (joined - cutoff < 0) {
                groups.discardIfBefore(group, channel, cutoff);
            } else {
                mailboxes.deliverToMember(channel, frozen, now);
            }
        });
    }

    @Override
    public Future<Void> keepHistory(String glob, HistoryPolicy policy) {
        historyRules.keep(glob, policy);
        return Future.succeededFuture();
    }

    @Override
    public Future<HistoryRead> groupHistory(String group, StreamPosition since) {
        ChannelNames.requireValidGroup(group);
        if (closed) {
            return closedFailure();
        }
        if (!histories.keepsHistory(group)) {
            return Future.failedFuture(HistoryRules.noHistory(group));
        }
        long now = System.nanoTime();
        if (since == null) {
            return Future.succeededFuture(new HistoryRead.Recovered(List.of(), histories.top(group, now)));
        }
        return Future.succeededFuture(histories.since(group, since, now));
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public Future<Void> flush() {
        groups.clear();
        presence.clear();
        mailboxes.clearMessages();
        histories.clear();
        return Future.succeededFuture();
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(
                mailboxes.live(),
                groups.groupCount(),
                groups.membershipCount(),
                mailboxes.subscriptions(),
                mailboxes.droppedFull(),
                mailboxes.droppedExpired(),
                mailboxes.groupSends(),
                mailboxes.delivered(),
                0);
    }

    @Override
    public Future<Void> close() {
        if (!closed) {
            closed = true;
            vertx.cancelTimer(sweepTimer);
            mailboxes.retireAll(channel -> new ChannelLayerException(
                    "The channel layer was closed while a receive waited on channel '" + channel + "'", null));
            groups.clear();
            histories.clear();
            presence.clear();
        }
        return Future.succeededFuture();
    }

    /** Drops expired messages and memberships; runs on the sweep timer. */
    void sweep() {
        mailboxes.sweep(0);
        long now = System.nanoTime();
        groups.sweep(now - groupExpiryNanos);
        histories.sweep(now);
    }

    private static <T> Future<T> closedFailure() {
        return Future.failedFuture(new ChannelLayerException(
                "The memory channel layer is closed; create a new one with ChannelLayer.memory(vertx)", null));
    }
}
