// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.cluster.EventBusLayer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.Presence;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.kernel.HistoryRules;
import io.switchboard.layer.kernel.LocalMailbox;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.spi.CallerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The channel layer over the clustered Vert.x event bus; {@link EventBusLayer} describes it for users, with every
 * place it departs from the contract. In short: a process-specific channel is routed by its non-local part (one
 * registration per layer instance), a normal channel by its name (one registration per process reading it), a
 * group by its name (one registration per process with members); {@code groupSend} delivers here, then publishes
 * once; {@code send} waits for the receiving process's acknowledgement, so a full channel anywhere fails it; a
 * message nobody receives is parked in the sending process and passed on when a receiver appears.
 *
 * <p>Threading: every method may be called from any thread. State is in thread-safe tables; the event-bus
 * consumers and the sweep timer run on the layer's own context.
 */
public final class EventBusChannelLayer implements ChannelLayer {

    /** Longest {@code newChannel} prefix: the name adds '.', 16 hex digits, '!' and 16 more. */
    static final int MAX_PREFIX = ChannelNames.MAX_LENGTH - 1 - 34;

    private static final JsonObject EMPTY = FrozenJson.freeze(new JsonObject());

    private final Vertx vertx;
    private final ChannelLayerOptions options;
    private final Addresses addresses;
    private final String id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final Context context;
    private final String deploymentId;
    private final Registrations registrations;
    private final ChannelTable channels;
    private final Router router;
    private final GroupTable groups;
    private final HistoryRules historyRules;

    /** Set once by {@link #start}, before the layer is handed out. */
    private volatile ClusterHistories histories;
    /** Set once by {@link #start}: the Hazelcast listener that hears of lost members. */
    private volatile UUID memberListener;
    /** Set once by {@link #start}, before the layer is handed out. */
    private volatile ClusterPresence presence;

    private volatile boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();

    private EventBusChannelLayer(
            Vertx vertx, ChannelLayerOptions options, String addressPrefix, long sendTimeoutMillis, LayerVerticle v) {
        this.vertx = vertx;
        this.options = new ChannelLayerOptions(options);
        this.addresses = new Addresses(addressPrefix);
        this.context = v.context();
        this.deploymentId = v.deploymentID();
        this.registrations = new Registrations(vertx, context, this::onMessage);
        long groupExpiry = TimeUnit.SECONDS.toNanos(options.getGroupExpirySeconds());
        this.groups = new GroupTable(groupExpiry, registrations, addresses::group);
        long expiry = TimeUnit.SECONDS.toNanos(options.getExpirySeconds());
        this.channels = new ChannelTable(
                this.options, expiry, registrations, addresses::channel, this::claim, this::leaveGroups);
        this.router = new Router(vertx, channels, this.options, addresses, id, sendTimeoutMillis);
        this.historyRules = new HistoryRules(this.options);
    }

    /**
     * Makes a layer on a clustered Vert.x. Returns immediately.
     *
     * @param vertx a clustered Vert.x
     * @param options capacity, expiry and group expiry
     * @param addressPrefix the start of every event-bus address the layer uses
     * @param sendTimeoutMillis how long {@code send} waits for the receiving process's acknowledgement
     * @return a future of the ready layer; it fails with {@link InvalidChannelLayerException} if Vert.x is not
     *     clustered
     */
    public static Future<ChannelLayer> create(
            Vertx vertx, ChannelLayerOptions options, String addressPrefix, long sendTimeoutMillis) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(addressPrefix, "addressPrefix");
        if (!vertx.isClustered()) {
            return Future.failedFuture(new InvalidChannelLayerException("layer.backend 'eventbus' needs a clustered"
                    + " Vert.x, but this one is not clustered; start it with ClusteredVertx.start(vertxOptions,"
                    + " clusterOptions), or choose layer.backend memory or redis"));
        }
        EnvelopeCodec.registerOn(vertx.eventBus());
        LayerVerticle verticle = new LayerVerticle();
        return vertx.deployVerticle(verticle)
                .compose(deployed ->
                        new EventBusChannelLayer(vertx, options, addressPrefix, sendTimeoutMillis, verticle).start());
    }

    private Future<ChannelLayer> start() {
        long sweepMillis = Math.max(500, Math.min(30_000, 500 * options.getExpirySeconds()));
        context.runOnContext(v -> vertx.setPeriodic(sweepMillis, t -> sweep()));
        Promise<Void> control = Promise.promise();
        registrations.acquire(addresses.control(), control);
        return control.future()
                .compose(v -> ClusterHistories.open(
                        context, ClusteredVertx.hazelcast(vertx), addresses.histories(), historyRules))
                .compose(opened -> {
                    histories = opened;
                    return ClusterPresence.open(
                            this, id, options, context, ClusteredVertx.hazelcast(vertx), addresses.presence());
                })
                .map(opened -> {
                    presence = opened;
                    memberListener = ClusteredVertx.hazelcast(vertx)
                            .getCluster()
                            .addMembershipListener(new MembershipListener() {
                                @Override
                                public void memberAdded(MembershipEvent event) {}

                                @Override
                                public void memberRemoved(MembershipEvent event) {
                                    context.runOnContext(v -> memberGone());
                                }
                            });
                    return this;
                });
    }

    @Override
    public Future<Void> send(String channel, JsonObject message) {
        ChannelNames.requireValidChannel(channel);
        ChannelNames.requireSendable(channel, message);
        if (closed) {
            return closedFailure();
        }
        return CallerContext.completeOn(Vertx.currentContext(), router.deliver(channel, FrozenJson.freeze(message)));
    }

    @Override
    public Future<JsonObject> receive(String channel) {
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        return channels.receive(channel, Vertx.currentContext());
    }

    @Override
    public Future<String> newChannel(String prefix) {
        if (prefix == null
                || prefix.length() > MAX_PREFIX
                || !ChannelNames.isValidChannel(prefix)
                || ChannelNames.isProcessSpecific(prefix)) {
            throw new IllegalArgumentException(
                    "Invalid channel prefix " + (prefix == null ? "null" : "'" + prefix + "'") + ": use 1-" + MAX_PREFIX
                            + " ASCII letters, digits, '-', '_' or '.'");
        }
        if (closed) {
            return closedFailure();
        }
        String nonLocal = prefix + "." + id + "!";
        String name = nonLocal + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        return CallerContext.completeOn(
                Vertx.currentContext(), channels.ownPrefix(nonLocal, name).map(name));
    }

    @Override
    public Future<Subscription> subscribe(String channel, Handler<JsonObject> handler) {
        ChannelNames.requireValidChannel(channel);
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            return closedFailure();
        }
        Context current = Vertx.currentContext();
        Context subscriberContext = current != null ? current : vertx.getOrCreateContext();
        return CallerContext.completeOn(
                current, channels.subscribe(channel, handler, subscriberContext).map(Subscription.class::cast));
    }

    @Override
    public Future<Void> groupAdd(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        return CallerContext.completeOn(Vertx.currentContext(), groups.add(group, channel));
    }

    @Override
    public Future<Void> groupDiscard(String group, String channel) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidChannel(channel);
        if (closed) {
            return closedFailure();
        }
        Future<Void> here = groups.discard(group, channel);
        if (here == null) {
            // another process may hold the membership: tell the group's processes
            JsonObject which = FrozenJson.freeze(new JsonObject().put("channel", channel));
            router.publish(addresses.group(group), Envelope.of(Envelope.DISCARD, group, id, which));
            return Future.succeededFuture();
        }
        return CallerContext.completeOn(Vertx.currentContext(), here);
    }

    @Override
    public Future<Void> groupSend(String group, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireSendable(group, message);
        if (closed) {
            return closedFailure();
        }
        return CallerContext.completeOn(
                Vertx.currentContext(), send(group, null, message).mapEmpty());
    }

    @Override
    public Future<Boolean> groupSendOnce(String group, String key, JsonObject message) {
        ChannelNames.requireValidGroup(group);
        ChannelNames.requireValidKey(key);
        ChannelNames.requireSendable(group, message);
        if (closed) {
            return closedFailure();
        }
        return CallerContext.completeOn(Vertx.currentContext(), send(group, key, message));
    }

    private Future<Boolean> send(String group, String key, JsonObject message) {
        channels.mailboxes().countGroupSend();
        if (histories.keepsHistory(group)) {
            // frozen now, so the history and the live copy are the message as it was sent; numbered where the
            // group's history lives, then handed on like any group message
            JsonObject snapshot = FrozenJson.freeze(message);
            return histories
                    .append(group, key, snapshot)
                    .compose(position -> position == null
                            ? Future.succeededFuture(false)
                            : deliver(group, FrozenJson.stamped(position, group, snapshot))
                                    .map(true));
        }
        return deliver(group, FrozenJson.freeze(message)).map(true);
    }

    private Future<Void> deliver(String group, JsonObject snapshot) {
        Future<Void> here = router.deliverToMembers(groups.members(group), snapshot);
        router.publish(addresses.group(group), Envelope.of(Envelope.GROUP, group, id, snapshot));
        return here;
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
        return CallerContext.completeOn(Vertx.currentContext(), histories.since(group, since));
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public Future<Void> flush() {
        if (closed) {
            // nothing is left to empty
            return Future.succeededFuture();
        }
        Future<Void> here = flushHere();
        router.publish(addresses.control(), Envelope.of(Envelope.FLUSH, "*", id, EMPTY));
        return CallerContext.completeOn(
                Vertx.currentContext(),
                Future.all(here, histories.clear(), presence.clear()).mapEmpty());
    }

    @Override
    public LayerStats stats() {
        return new LayerStats(
                channels.mailboxes().live(),
                groups.groups(),
                groups.memberships(),
                channels.mailboxes().subscriptions(),
                channels.mailboxes().droppedFull(),
                channels.mailboxes().droppedExpired(),
                channels.mailboxes().groupSends(),
                channels.mailboxes().delivered(),
                0);
    }

    @Override
    public Future<Void> close() {
        if (closed || !closing.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        // this instance's presence goes first, while the layer can still send the leave events
        Future<Void> done = presence.close().otherwiseEmpty().compose(v -> {
            closed = true;
            UUID listener = memberListener;
            var hazelcast = ClusteredVertx.hazelcast(vertx);
            if (listener != null && hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(listener);
            }
            channels.mailboxes()
                    .retireAll(channel -> new ChannelLayerException(
                            "Receive on channel '" + channel + "' ended: the event-bus layer was closed", null));
            return vertx.undeploy(deploymentId);
        });
        return CallerContext.completeOn(Vertx.currentContext(), done);
    }

    /** Event-bus addresses this instance has registered now: one per group with members here, and a few more. */
    int registeredAddresses() {
        return registrations.live();
    }

    /** A subscription ended: the channel leaves the groups this instance added it to. */
    private Future<Void> leaveGroups(String channel) {
        return CallerContext.completeOn(Vertx.currentContext(), groups.removeChannel(channel));
    }

    private void onMessage(Message<Envelope> message) {
        Envelope envelope = message.body();
        if (envelope.kind() == Envelope.CHANNEL) {
            router.receive(message);
        } else if (id.equals(envelope.origin())) {
            // this instance's own publish: it delivered here already
        } else if (envelope.kind() == Envelope.GROUP) {
            List<String> members = groups.members(envelope.target());
            if (!members.isEmpty()) {
                router.deliverToMembers(members, envelope.message());
            }
        } else if (envelope.kind() == Envelope.DISCARD) {
            groups.discard(envelope.target(), envelope.message().getString("channel"));
        } else if (envelope.kind() == Envelope.FLUSH) {
            flushHere();
        } else if (envelope.kind() == Envelope.CLAIM) {
            LocalMailbox parked = channels.mailboxes().get(envelope.target());
            if (parked != null) {
                router.forwardParked(parked);
            }
        }
    }

    /**
     * A member left or died: messages it had numbered but not yet handed on, or had sent on its way here, may never
     * come. Every reader here is told ({@link LocalMailboxes#reportLoss}); those that follow a group's history read
     * it from their positions and get what is missing, the others learn nothing new.
     */
    private void memberGone() {
        if (!closed) {
            channels.mailboxes().reportLoss(channel -> true);
        }
    }

    /** A normal channel is now read here: other processes pass on what they parked for it. */
    private void claim(String channel) {
        router.publish(addresses.control(), Envelope.of(Envelope.CLAIM, channel, id, EMPTY));
    }

    private Future<Void> flushHere() {
        channels.mailboxes().clearMessages();
        return groups.clear();
    }

    private void sweep() {
        channels.sweep().forEach(router::forwardParked);
        groups.sweep();
    }

    private <T> Future<T> closedFailure() {
        return Future.failedFuture(new ChannelLayerException("The event-bus layer is closed; make a new one", null));
    }
}
