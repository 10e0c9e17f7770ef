// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.kernel.LocalGroups;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels_redis {@code RedisChannelLayer} format (wire spec §1-§9): sorted-set queues, one queue key per
 * process for its process-specific channels, groups as sorted sets, capacity-checked group sends by script.
 *
 * <p>Reading ({@link CoreReaders}): one {@link QueueReader} per process key and shard pops every message for this instance's
 * process-specific channels and routes it by its marker to local mailboxes; a normal channel gets readers on every
 * shard while someone wants its messages. Sharding deviates from channels_redis 4 in one place, on purpose: a send
 * to a process-specific channel goes to the shard of its non-local part, where its owner reads (channels_redis
 * hashes the full name there, django/channels#1492), and this layer reads its own process keys on every shard, so
 * it also receives the direct sends that channels_redis puts on the wrong shard.
 *
 * <p>Groups that keep a history are numbered, kept and queued by one script on the group's shard
 * ({@link GroupSender#NUMBERED_DELIVER}, {@link RedisHistories}).
 */
public final class RedisChannelLayer extends AbstractRedisLayer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisChannelLayer.class);

    static final LuaScript SEND = new LuaScript("""
            local expired = redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[3])
            if redis.call('ZCOUNT', KEYS[1], '-inf', '+inf') >= tonumber(ARGV[4]) then
                return {0, expired}
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            return {1, expired}
            """);

    static final LuaScript FLUSH = new LuaScript("""
            local keys = redis.call('KEYS', ARGV[1])
            for i = 1, #keys, 5000 do
                redis.call('DEL', unpack(keys, i, math.min(i + 4999, #keys)))
            end
            return #keys
            """);

    private final CoreReaders readers;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final GroupSender groupSender;

    /**
     * Creates the layer; {@link #create} also checks that Redis answers.
     *
     * @param vertx the Vert.x instance
     * @param options hosts, prefix, capacity, expiry and group expiry
     */
    public RedisChannelLayer(Vertx vertx, RedisLayerOptions options) {
        super(vertx, options, "redis", true);
        this.readers = new CoreReaders(this.options, shards, ctx, mailboxes, this::streamBroke);
        this.groupSender = new GroupSender(this.options, shards, mailboxes);
        for (RedisShard shard : shards) {
            shard.onRecovered(() -> restoreMemberships(shard));
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
        RedisChannelLayer layer = new RedisChannelLayer(vertx, options);
        return layer.start().recover(e -> layer.close().transform(ignored -> Future.failedFuture(e)));
    }

    String groupKey(String group) {
        return options.getPrefix() + ":group:" + group;
    }

    @Override
    String channelNamePrefix() {
        return "";
    }

    /**
     * The TTL of queue keys this layer writes: twice the expiry (channels_redis: once), so that a message that
     * expires unread is still there to be trimmed, and counted, by the next send instead of vanishing with its key.
     */
    static long queueTtlSeconds(RedisLayerOptions options) {
        return 2 * options.getExpirySeconds();
    }

    @Override
    Future<Void> doSend(String channel, MsgpackCodec.Body body, int heldLocally) {
        boolean specific = ChannelNames.isProcessSpecific(channel);
        String nonLocal = ChannelNames.nonLocalPart(channel);
        RedisShard shard =
                specific ? shardFor(nonLocal) : shards.get(Math.floorMod(roundRobin.getAndIncrement(), shards.size()));
        byte[] member = specific ? MsgpackCodec.member(body, channel) : MsgpackCodec.member(body);
        long micros = Scores.nowMicros();
        int capacity = options.capacityOf(channel);
        // messages this process already took from Redis for the channel still count until handled
        int room = capacity - heldLocally;
        if (room <= 0) {
            return Future.failedFuture(new ChannelFullException(channel, capacity));
        }
        List<Object> args = List.of(
                member,
                Scores.format(micros),
                Scores.trimBound(micros, options.getExpirySeconds()),
                room,
                queueTtlSeconds(options));
        return shard.eval(SEND, List.of(options.getPrefix() + nonLocal), args, "send to channel '" + channel + "'")
                .compose(result -> {
                    mailboxes.countExpired(result.get(1).toLong());
                    return result.get(0).toInteger() == 1
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(new ChannelFullException(channel, capacity));
                });
    }

    @Override
    Future<Void> doGroupAdd(String group, String channel, long micros) {
        RedisShard shard = shardFor(group);
        String key = groupKey(group);
        String what = "groupAdd of channel '" + channel + "' to group '" + group + "'";
        return Future.all(
                        shard.send(
                                Request.cmd(Command.ZADD)
                                        .arg(key)
                                        .arg(Scores.format(micros))
                                        .arg(channel),
                                what),
                        shard.send(Request.cmd(Command.EXPIRE).arg(key).arg(options.getGroupExpirySeconds()), what))
                .onSuccess(v -> memberships.add(group, channel, micros))
                .mapEmpty();
    }

    @Override
    Future<Void> doGroupDiscard(String group, String channel) {
        String what = "groupDiscard of channel '" + channel + "' from group '" + group + "'";
        return shardFor(group)
                .send(Request.cmd(Command.ZREM).arg(groupKey(group)).arg(channel), what)
                .onSuccess(v -> memberships.discard(group, channel))
                .mapEmpty();
    }

    @Override
    Future<Void> doGroupSend(String group, MsgpackCodec.Body body) {
        return groupSender.send(group, groupKey(group), body);
    }

    @Override
    Future<Boolean> doNumberedGroupSend(String group, MsgpackCodec.Body body, String key, HistoryPolicy policy) {
        return groupSender.sendNumbered(group, groupKey(group), body, key, histories, policy);
    }

    /** The group's shard, where its memberships are read: the numbering script runs right after that read. */
    @Override
    RedisShard historyShard(String group) {
        return shardFor(group);
    }

    @Override
    Future<Void> doFlush() {
        List<Future<?>> flushes = new ArrayList<>();
        String pattern = escapeGlob(options.getPrefix()) + "*";
        for (RedisShard shard : shards) {
            flushes.add(shard.eval(FLUSH, List.of(), List.of(pattern), "flush"));
        }
        return Future.all(flushes).mapEmpty();
    }

    @Override
    Future<Void> startReading(String channel) {
        readers.startReading(channel);
        return Future.succeededFuture();
    }

    @Override
    Future<Void> stopReading(String channel) {
        readers.stopReading(channel);
        return Future.succeededFuture();
    }

    @Override
    void demandChanged(String channel) {
        readers.demandChanged(channel);
    }

    @Override
    void sweepMemberships() {
        memberships.sweep(Scores.nowMicros() - options.getGroupExpirySeconds() * 1_000_000L);
    }

    @Override
    Future<Void> doClose() {
        readers.stopAll();
        return Future.succeededFuture();
    }

    /** After Redis lost its data (a restart without persistence), put back the memberships this instance added. */
    private void restoreMemberships(RedisShard shard) {
        long now = Scores.nowMicros();
        long expiryMicros = options.getGroupExpirySeconds() * 1_000_000L;
        int restored = 0;
        for (LocalGroups.Membership entry : memberships.entries()) {
            if (shardFor(entry.group()) != shard || entry.stamp() + expiryMicros <= now) {
                continue;
            }
            String key = groupKey(entry.group());
            String what = "restore of channel '" + entry.channel() + "' in group '" + entry.group() + "'";
            shard.send(
                            Request.cmd(Command.ZADD)
                                    .arg(key)
                                    .arg("NX")
                                    .arg(Scores.format(entry.stamp()))
                                    .arg(entry.channel()),
                            what)
                    .onFailure(e -> LOG.warn(e.getMessage()));
            shard.send(Request.cmd(Command.EXPIRE).arg(key).arg(options.getGroupExpirySeconds()), what);
            restored++;
        }
        if (restored > 0) {
            LOG.info(
                    "Re-added {} group memberships on Redis at {} (kept if still present)", restored, shard.displayUrl);
        }
    }

    /** Escapes glob characters so that the flush pattern matches the prefix literally. */
    static String escapeGlob(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length());
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
