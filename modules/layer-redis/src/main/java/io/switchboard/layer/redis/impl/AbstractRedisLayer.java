// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.Presence;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.switchboard.layer.kernel.HistoryRules;
import io.switchboard.layer.kernel.LocalGroups;
import io.switchboard.layer.kernel.LocalMailbox;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.kernel.MailboxEvents;
import io.switchboard.layer.kernel.MailboxPolicy;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both Redis flavours share: argument checks, the hop onto the layer context, local mailboxes and
 * subscriptions (the kernel's {@link LocalMailboxes}), the memberships this instance added, and the life cycle.
 * Subclasses write the wire format.
 */
abstract class AbstractRedisLayer implements ChannelLayer {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractRedisLayer.class);

    final Vertx vertx;
    final RedisLayerOptions options;
    final LayerContext ctx;
    final List<RedisShard> shards = new ArrayList<>();
    final LocalMailboxes mailboxes;
    /** The memberships this instance added, stamped with the Unix time of the latest add in microseconds. */
    final LocalGroups memberships = new LocalGroups();
    /** 32 hex characters naming this layer instance in its process-specific channels. */
    final String clientId = randomHex();
    /** Which groups keep a history: the options' rules and those added by {@link #keepHistory}. */
    final HistoryRules historyRules;

    final RedisHistories histories;

    private final String flavour;
    private final RedisPresence presence;
    private long sweepTimer = -1;
    private boolean closeStarted;
    private boolean closed;

    /**
     * @param readsOnDemand whether messages are read from Redis as mailboxes ask for them (core), so that each
     *     mailbox's change of demand must reach {@link #demandChanged}; Pub/Sub pushes, and skips that hop
     */
    AbstractRedisLayer(Vertx vertx, RedisLayerOptions options, String flavour, boolean readsOnDemand) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = new RedisLayerOptions(Objects.requireNonNull(options, "options"));
        this.flavour = flavour;
        this.ctx = new LayerContext(vertx);
        this.historyRules = new HistoryRules(this.options);
        this.histories = new RedisHistories(this.options.getPrefix(), historyRules);
        MailboxPolicy policy = new MailboxPolicy(
                this.options::capacityOf,
                TimeUnit.SECONDS.toNanos(this.options.getExpirySeconds()),
                // channels_redis' receive buffers drop their oldest message when full
                MailboxPolicy.Overflow.DROP_OLDEST,
                false);
        this.mailboxes = new LocalMailboxes(policy, new MailboxEvents() {
            @Override
            public void demandChanged(LocalMailbox mailbox) {
                if (readsOnDemand) {
                    ctx.run(() -> AbstractRedisLayer.this.demandChanged(mailbox.name()));
                }
            }

            @Override
            public Future<Void> cancelled(LocalMailbox mailbox) {
                return AbstractRedisLayer.this.cancelled(mailbox);
            }

            @Override
            public void retired(LocalMailbox mailbox) {
                ctx.run(() -> stopReading(mailbox.name()));
            }
        });
        List<String> hosts = this.options.getHosts();
        for (int i = 0; i < hosts.size(); i++) {
            shards.add(new RedisShard(vertx, i, hosts.get(i), this.options));
        }
        this.presence = new RedisPresence(this, this.options);
    }

    /** Checks that every server answers, then starts the expiry sweep of local buffers. */
    Future<ChannelLayer> start() {
        return ctx.call(() -> {
            List<Future<?>> pings = new ArrayList<>();
            for (RedisShard shard : shards) {
                pings.add(shard.send(Request.cmd(Command.PING), "start of the " + flavour + " layer"));
            }
            long period = Math.max(500, Math.min(30_000, options.getExpirySeconds() * 500));
            sweepTimer = ctx.periodic(period, this::sweep);
            presence.start();
            return Future.all(pings).map(this);
        });
    }

    // ---- the flavour's wire format, called on the layer context ----

    /** The text before {@code <prefix>.<client id>!} in names from {@link #newChannel(String)}. */
    abstract String channelNamePrefix();

    /**
     * @param heldLocally messages of the channel this instance took from Redis and has not handled yet, counted on
     *     the caller's thread (a send from inside the channel's own handler sees its message as held)
     */
    abstract Future<Void> doSend(String channel, MsgpackCodec.Body body, int heldLocally);

    abstract Future<Void> doGroupAdd(String group, String channel, long micros);

    abstract Future<Void> doGroupDiscard(String group, String channel);

    abstract Future<Void> doGroupSend(String group, MsgpackCodec.Body body);

    /**
     * A group send to a group that keeps a history: numbered, kept and delivered in one script; nothing is sent if
     * the key is a held message's.
     *
     * @param key the message's key, or {@code null} for none
     * @return a future of whether the message was sent
     */
    abstract Future<Boolean> doNumberedGroupSend(
            String group, MsgpackCodec.Body body, String key, HistoryPolicy policy);

    /** @return the shard that holds the group's history: the one its numbering script runs on */
    abstract RedisShard historyShard(String group);

    abstract Future<Void> doFlush();

    /** Makes sure messages for the channel reach its mailbox; completes once they will. */
    abstract Future<Void> startReading(String channel);

    /** The channel's subscription ended. */
    abstract Future<Void> stopReading(String channel);

    /** Called on any thread with a fresh name from {@link #newChannel(String)}; completes with the name. */
    Future<String> afterNewChannel(String name) {
        return Future.succeededFuture(name);
    }

    /** Refuses a channel this flavour cannot add to a group; throws {@link IllegalArgumentException}. */
    void checkGroupMember(String channel) {}

    /** A channel's mailbox wants more or fewer messages; called on the layer context. */
    void demandChanged(String channel) {}

    /** Periodic clean-up of memberships that expired (core flavour). */
    void sweepMemberships() {}

    abstract Future<Void> doClose();

    // ---- ChannelLayer ----

    @Override
    public Future<Void> send(String channel, JsonObject message) {
        ChannelNames.requireValidChannel(channel);
        ChannelNames.requireSendable(channel, message);
        MsgpackCodec.Body body = encode(message);
        LocalMailbox local = mailboxes.get(channel);
        int held = local == null ? 0 : local.occupancy();
        return onLayer(() -> doSend(channel, body, held));
    }

    @Override
    public Future<JsonObject> receive(String channel) {
        requireReadable(channel);
        return onLayer(() -> {
            mailboxes.open(channel);
            return startReading(channel).compose(v -> mailboxes.receive(channel, null));
        });
    }

    @Override
    public Future<String> newChannel(String prefix) {
        // <names prefix><prefix>.<32 hex>!<32 hex> must stay under 100 characters
        int longest = ChannelNames.MAX_LENGTH - 1 - channelNamePrefix().length() - 66;
        if (!ChannelNames.isValidGroup(prefix) || prefix.length() > longest) {
            throw new IllegalArgumentException(
                    "Invalid channel prefix " + (prefix == null ? "null" : "'" + prefix + "'") + ": use 1-" + longest
                            + " ASCII letters, digits, '-', '_' or '.'");
        }
        String name = channelNamePrefix() + prefix + "." + clientId + "!" + randomHex();
        return afterNewChannel(name);
    }

    @Override
    public Future<Subscription> subscribe(String channel, Handler<JsonObject> handler) {
        requireReadable(channel);
        Objects.requireNonNull(handler, "handler");
        Context current = Vertx.currentContext();
        Context subscriberContext = current != null ? current : vertx.getOrCreateContext();
        return onLayer(() -> mailboxes
                .subscribe(channel, handler, subscriberContext)
                .compose(sub -> startReading(channel)
                        .<Subscription>map(sub)
                        .recover(e -> sub.cancel().transform(ignored -> Future.failedFuture(e)))));
    }

    @Override
    public Future<Void> groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        checkGroupMember(channel);
        return onLayer(() -> doGroupAdd(group, channel, Scores.nowMicros()));
    }

    @Override
    public Future<Void> groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        return onLayer(() -> doGroupDiscard(group, channel));
    }

    @Override
    public Future<Void> groupSend(String group, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        MsgpackCodec.Body body = encode(ChannelNames.requireSendable(group, message));
        mailboxes.countGroupSend();
        HistoryPolicy policy = historyRules.apply(group);
        if (policy != null) {
            return onLayer(() -> doNumberedGroupSend(group, body, null, policy).mapEmpty());
        }
        return onLayer(() -> doGroupSend(group, body));
    }

    @Override
    public Future<Boolean> groupSendOnce(String group, String key, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidKey(key);
        MsgpackCodec.Body body = encode(ChannelNames.requireSendable(group, message));
        mailboxes.countGroupSend();
        HistoryPolicy policy = historyRules.apply(group);
        if (policy != null) {
            return onLayer(() -> doNumberedGroupSend(group, body, key, policy));
        }
        return onLayer(() -> doGroupSend(group, body).map(true));
    }

    @Override
    public Future<Void> keepHistory(String glob, HistoryPolicy policy) {
        historyRules.keep(glob, policy);
        return Future.succeededFuture();
    }

    @Override
    public Future<HistoryRead> groupHistory(String group, StreamPosition since) {
        ChannelNames.requireValidGroup(group);
        if (!historyRules.keepsHistory(group)) {
            return Future.failedFuture(HistoryRules.noHistory(group));
        }
        return onLayer(() -> histories.read(historyShard(group), group, since));
    }

    /**
     * A connection that fed local mailboxes is back after a break: messages on their way meanwhile may be lost, so
     * the readers of the channels it fed get the loss marker and recover from their groups' histories. Not sooner:
     * the histories are in Redis, so a reader told while Redis is away could only fail to read them (and a
     * connection closes when it cannot), whereas now it reads everything it missed, up to the moment its live
     * messages flow again. Runs on the layer context.
     *
     * @param affected the channels the connection fed
     * @param what the connection, for the log
     */
    void streamBroke(Predicate<String> affected, String what) {
        int told = mailboxes.reportLoss(affected);
        if (told > 0) {
            LOG.info("{}: told {} local readers that messages may have been lost", what, told);
        }
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public Future<Void> flush() {
        return onLayer(
                () -> Future.all(doFlush(), presence.clear()).<Void>mapEmpty().onSuccess(v -> {
                    mailboxes.clearMessages();
                    memberships.clear();
                }));
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(
                mailboxes.live(),
                memberships.groupCount(),
                memberships.membershipCount(),
                mailboxes.subscriptions(),
                mailboxes.droppedFull(),
                mailboxes.droppedExpired(),
                mailboxes.groupSends(),
                mailboxes.delivered(),
                shards.stream().mapToLong(RedisShard::reconnects).sum());
    }

    /**
     * Pings every server: fails at once, with its {@link io.switchboard.layer.redis.RedisUnavailableException}, for
     * a server known to be down, and otherwise within the command timeout.
     */
    @Override
    public Future<Void> reachable() {
        return onLayer(() -> {
            List<Future<Response>> pings = new ArrayList<>();
            for (RedisShard shard : shards) {
                pings.add(shard.send(Request.cmd(Command.PING), "the readiness check's PING"));
            }
            return Future.all(pings).mapEmpty();
        });
    }

    @Override
    public Future<Void> close() {
        return ctx.call(() -> {
            if (closeStarted) {
                return Future.succeededFuture();
            }
            closeStarted = true;
            // this node's presence goes first, while the layer can still send the leave events
            return presence.close().otherwiseEmpty().compose(v -> closeNow());
        });
    }

    private Future<Void> closeNow() {
        return ctx.call(() -> {
            closed = true;
            if (sweepTimer >= 0) {
                ctx.cancel(sweepTimer);
            }
            mailboxes.retireAll(channel -> new ChannelLayerException(
                    "receive() on channel '" + channel + "' ended: the " + flavour + " channel layer was closed",
                    null));
            return doClose().eventually(() -> {
                List<Future<Void>> closing = new ArrayList<>();
                shards.forEach(shard -> closing.add(shard.close()));
                return Future.join(closing);
            });
        });
    }

    // ---- helpers ----

    /** A subscription was cancelled (delivery has stopped): stop reading, then remove the channel's memberships. */
    private Future<Void> cancelled(LocalMailbox mailbox) {
        return ctx.call(() -> {
            String channel = mailbox.name();
            if (closed) {
                return Future.succeededFuture();
            }
            List<Future<Void>> steps = new ArrayList<>();
            steps.add(stopReading(channel));
            mailboxes.retireIfIdle(mailbox);
            for (String group : memberships.groupsOf(channel)) {
                steps.add(doGroupDiscard(group, channel));
            }
            return Future.join(steps).<Void>mapEmpty().recover(e -> {
                LOG.warn(
                        "Channel '{}' left its subscription, but some of its group memberships"
                                + " stay in Redis until groupExpiry: {}",
                        channel,
                        e.getMessage());
                return Future.succeededFuture();
            });
        });
    }

    <T> Future<T> onLayer(Supplier<Future<T>> action) {
        return ctx.call(() -> closed
                ? Future.failedFuture(new ChannelLayerException("The " + flavour + " channel layer is closed", null))
                : action.get());
    }

    private void sweep() {
        sweepMemberships();
        mailboxes.sweep(0);
    }

    /** Channels this instance may read: normal channels, and process-specific ones it named itself. */
    void requireReadable(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (ChannelNames.isProcessSpecific(channel) && !isOwn(channel)) {
            throw new IllegalArgumentException("Channel '" + channel + "' belongs to another process or layer; receive"
                    + " only on names from this layer's newChannel()");
        }
    }

    boolean isOwn(String channel) {
        String nonLocal = ChannelNames.nonLocalPart(channel);
        return nonLocal.endsWith("." + clientId + "!") && nonLocal.startsWith(channelNamePrefix());
    }

    RedisShard shardFor(String name) {
        return shards.get(Sharding.index(name, shards.size()));
    }

    private static MsgpackCodec.Body encode(JsonObject message) {
        Objects.requireNonNull(message, "message");
        return MsgpackCodec.encodeBody(message);
    }

    /** 32 hex characters, as Python's {@code uuid4().hex}. */
    static String randomHex() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
