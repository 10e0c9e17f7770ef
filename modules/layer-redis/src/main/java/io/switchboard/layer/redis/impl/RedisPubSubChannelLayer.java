// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels_redis {@code RedisPubSubChannelLayer} format (wire spec §10): nothing is stored in Redis. A send is
 * {@code PUBLISH <channel> <msgpack>} on the shard of the channel name; a group send is one
 * {@code PUBLISH <prefix>__group__<group>} on the shard of that name. This instance subscribes to each group
 * with local members (on the group's shard) and fans the message out to them locally.
 *
 * <p>Its channel names are {@code <prefix><newChannel prefix>.<32 hex instance id>!<32 hex>}, for example
 * {@code asgispecific.4ad5...!8870...}: channels_redis' pub/sub form ({@code asgispecific.<hex>}) plus the
 * {@code !} that makes them process-specific for Switchboard. One pattern subscription per shard
 * ({@code PSUBSCRIBE asgispecific.<id>!*}) receives all of them, so a new channel costs no Redis round trip and a
 * Django process may publish to it on whatever shard it hashes the name to.
 *
 * <p>Groups that keep a history are numbered, kept and published by one script on the shard of the group's
 * Pub/Sub channel ({@link #NUMBERED_PUBLISH}, {@link RedisHistories}).
 */
public final class RedisPubSubChannelLayer extends AbstractRedisLayer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisPubSubChannelLayer.class);

    /**
     * The longest {@code prefix} this flavour accepts: names from {@code newChannel()},
     * {@code <prefix>specific.<32 hex>!<32 hex>}, must stay under Channels' 100 characters.
     */
    public static final int MAX_PREFIX_LENGTH = ChannelNames.MAX_LENGTH - 1 - 66 - "specific".length();

    private final List<PubSubConnection> subscribers = new ArrayList<>();
    private final Set<String> subscribedChannels = new HashSet<>();

    /**
     * Creates the layer; {@link #create} also checks that Redis answers.
     *
     * @param vertx the Vert.x instance
     * @param options hosts, prefix and the local buffer capacity
     * @throws IllegalArgumentException if the prefix is longer than {@link #MAX_PREFIX_LENGTH}
     */
    public RedisPubSubChannelLayer(Vertx vertx, RedisLayerOptions options) {
        super(vertx, checkPrefix(options), "redis-pubsub", false);
        for (RedisShard shard : shards) {
            // every channel read here may be fed by any shard's subscriber (own channels are pattern-subscribed on all)
            subscribers.add(new PubSubConnection(
                    shard, ctx, this::route, () -> streamBroke(channel -> true, "Pub/Sub on " + shard.displayUrl)));
        }
    }

    /**
     * Creates the layer and checks that every server answers.
     *
     * @param vertx the Vert.x instance
     * @param options the options
     * @return a future of the ready layer; it fails with a {@code RedisUnavailableException} naming the server
     */
    public static Future<ChannelLayer> create(Vertx vertx, RedisLayerOptions options) {
        RedisPubSubChannelLayer layer = new RedisPubSubChannelLayer(vertx, options);
        return layer.start().recover(e -> layer.close().transform(ignored -> Future.failedFuture(e)));
    }

    private static RedisLayerOptions checkPrefix(RedisLayerOptions options) {
        String prefix = options.getPrefix();
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("prefix '" + prefix + "' is " + prefix.length() + " characters; the"
                    + " redis-pubsub layer starts every channel name with it, and names must stay under "
                    + ChannelNames.MAX_LENGTH + " characters: use at most " + MAX_PREFIX_LENGTH);
        }
        return options;
    }

    String groupChannel(String group) {
        return options.getPrefix() + "__group__" + group;
    }

    @Override
    String channelNamePrefix() {
        return options.getPrefix();
    }

    @Override
    void checkGroupMember(String channel) {
        if (ChannelNames.isProcessSpecific(channel) && !isOwn(channel)) {
            throw new IllegalArgumentException("Channel '" + channel + "' belongs to another process; the redis-pubsub"
                    + " layer adds only its own channels to groups, as channels_redis' RedisPubSubChannelLayer does");
        }
    }

    @Override
    Future<Void> doSend(String channel, MsgpackCodec.Body body, int heldLocally) {
        return publish(channel, body, "send to channel '" + channel + "'");
    }

    @Override
    Future<Void> doGroupSend(String group, MsgpackCodec.Body body) {
        return publish(groupChannel(group), body, "groupSend to group '" + group + "'");
    }

    /**
     * Numbers, keeps and publishes a message to a group that keeps a history, in one script on the shard of the
     * group's Pub/Sub channel, so subscribers receive the group's messages in offset order. KEYS: stream, top, keys.
     * ARGV: new epoch, size, time to live in ms, the message's key (empty for none), the message's head, the Pub/Sub
     * channel. Returns 1, or 0 when the key is a held message's and nothing was published.
     */
    static final LuaScript NUMBERED_PUBLISH = new LuaScript(RedisHistories.APPEND + """
            local tail = append(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5])
            if not tail then
                return 0
            end
            redis.call('PUBLISH', ARGV[6], ARGV[5] .. tail)
            return 1
            """);

    @Override
    Future<Boolean> doNumberedGroupSend(String group, MsgpackCodec.Body body, String key, HistoryPolicy policy) {
        String name = groupChannel(group);
        List<Object> args = new ArrayList<>(RedisHistories.appendArgs(policy, key));
        args.add(MsgpackCodec.numberedHead(body, group, false));
        args.add(name);
        String what = "groupSend to group '" + group + "'";
        return subscriberFor(name)
                .settled()
                .compose(v -> historyShard(group).eval(NUMBERED_PUBLISH, histories.keys(group), args, what))
                .map(sent -> sent.toInteger() == 1);
    }

    /** The shard of the group's Pub/Sub channel, where its numbering script publishes. */
    @Override
    RedisShard historyShard(String group) {
        return shardFor(groupChannel(group));
    }

    /** Publishes once this layer's own subscription changes on that shard are confirmed. */
    private Future<Void> publish(String name, MsgpackCodec.Body body, String what) {
        byte[] payload = MsgpackCodec.plain(body);
        return subscriberFor(name)
                .settled()
                .compose(v -> shardFor(name)
                        .send(Request.cmd(Command.PUBLISH).arg(name).arg(payload), what))
                .mapEmpty();
    }

    /** Like channels_redis' new_channel(), which subscribes at once: messages sent before subscribe() wait. */
    @Override
    Future<String> afterNewChannel(String name) {
        return onLayer(() -> startReading(name).map(name));
    }

    @Override
    Future<Void> doGroupAdd(String group, String channel, long micros) {
        String name = groupChannel(group);
        boolean known = memberships.members(group).contains(channel);
        memberships.add(group, channel, micros);
        return subscriberFor(name).subscribe(name).onFailure(e -> {
            if (!known) {
                memberships.discard(group, channel);
            }
        });
    }

    @Override
    Future<Void> doGroupDiscard(String group, String channel) {
        memberships.discard(group, channel);
        if (memberships.hasGroup(group)) {
            return Future.succeededFuture();
        }
        String name = groupChannel(group);
        return subscriberFor(name).unsubscribe(name);
    }

    @Override
    Future<Void> doFlush() {
        List<Future<?>> leaving = new ArrayList<>();
        // Pub/Sub stores nothing but the group histories: they go, and their groups start on new epochs
        String pattern = RedisChannelLayer.escapeGlob(options.getPrefix()) + ":history:*";
        for (RedisShard shard : shards) {
            leaving.add(shard.eval(RedisChannelLayer.FLUSH, List.of(), List.of(pattern), "flush"));
        }
        for (String group : memberships.groups()) {
            String name = groupChannel(group);
            leaving.add(subscriberFor(name).unsubscribe(name));
        }
        return Future.join(leaving).mapEmpty();
    }

    @Override
    Future<Void> startReading(String channel) {
        if (ChannelNames.isProcessSpecific(channel)) {
            String pattern = RedisChannelLayer.escapeGlob(ChannelNames.nonLocalPart(channel)) + "*";
            List<Future<Void>> all = new ArrayList<>();
            subscribers.forEach(s -> all.add(s.psubscribe(pattern)));
            return Future.all(all).mapEmpty();
        }
        return subscriberFor(channel).subscribe(channel).onSuccess(v -> subscribedChannels.add(channel));
    }

    @Override
    Future<Void> stopReading(String channel) {
        if (!subscribedChannels.remove(channel)) {
            return Future.succeededFuture();
        }
        return subscriberFor(channel).unsubscribe(channel);
    }

    @Override
    Future<Void> doClose() {
        List<Future<Void>> closing = new ArrayList<>();
        subscribers.forEach(s -> closing.add(s.close()));
        return Future.join(closing).mapEmpty();
    }

    private PubSubConnection subscriberFor(String name) {
        return subscribers.get(Sharding.index(name, subscribers.size()));
    }

    /** A published message: fan a group message out to local members, or hand a channel message to its mailbox. */
    private void route(String name, byte[] payload) {
        String groupPrefix = options.getPrefix() + "__group__";
        Set<String> members =
                name.startsWith(groupPrefix) ? memberships.members(name.substring(groupPrefix.length())) : Set.of();
        if (members.isEmpty() && !isOwn(name) && !subscribedChannels.contains(name)) {
            return;
        }
        JsonObject message;
        try {
            message = MsgpackCodec.decode(payload, 0).message();
        } catch (WireFormatException e) {
            LOG.warn(
                    "Dropped a message on Pub/Sub channel '{}' that is not msgpack as"
                            + " channels_redis writes it: {}",
                    name,
                    e.getMessage());
            return;
        }
        if (members.isEmpty()) {
            mailboxes.offer(name, message, System.nanoTime(), false);
            return;
        }
        // one frozen copy for every local member: no JSON work per member, and the frame it renders is shared
        JsonObject shared = FrozenJson.freeze(message);
        for (String member : members) {
            mailboxes.offer(member, shared, System.nanoTime(), false);
        }
    }
}
