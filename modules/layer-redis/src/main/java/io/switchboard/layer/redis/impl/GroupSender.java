// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core layer's group send (wire spec §6.6) in a fixed number of round trips, whatever the group's size: one
 * script reads the trimmed member list on the group's shard, then one script per shard (per 500 queue keys)
 * trims, checks capacity and adds one stored member per queue key, whose marker lists every group member read
 * from that key. The message body is encoded once; each key adds only its marker.
 */
final class GroupSender {

    private static final Logger LOG = LoggerFactory.getLogger(GroupSender.class);
    static final int KEYS_PER_SCRIPT = 500;

    static final LuaScript MEMBERS = new LuaScript("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[1])
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """);

    static final LuaScript DELIVER = new LuaScript("""
            local n = #KEYS
            local score = ARGV[2 * n + 1]
            local expiry = ARGV[2 * n + 2]
            local trim = ARGV[2 * n + 3]
            local result = {0}
            for i = 1, n do
                result[1] = result[1] + redis.call('ZREMRANGEBYSCORE', KEYS[i], 0, trim)
                if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[n + i]) then
                    redis.call('ZADD', KEYS[i], score, ARGV[i])
                    redis.call('EXPIRE', KEYS[i], expiry)
                else
                    result[#result + 1] = i
                end
            end
            return result
            """);

    /**
     * A group send to a group that keeps a history, on the shard of the group's history: numbers the message and
     * keeps it ({@link RedisHistories#APPEND}), then delivers it, numbered, to the queue keys on that shard, all in
     * one step, so members read a group's messages in offset order. Scores are Redis's time, after the key's last
     * score, for the same reason. KEYS: stream, top, keys, queue keys 1..n. ARGV: new epoch, size, time to live in
     * ms, the message's key (empty for none), the history entry's head, expiry in seconds, queue TTL, member heads
     * 1..n, markers 1..n, capacities 1..n. Returns the bytes that finish the {@code __stream__} entry, the number of
     * expired entries trimmed, then the indexes of full keys; or an empty array when the key is a held message's,
     * and nothing was sent.
     */
    static final LuaScript NUMBERED_DELIVER = new LuaScript(RedisHistories.APPEND + """
            local n = #KEYS - 3
            local tail, now = append(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5])
            if not tail then
                return {}
            end
            local score = tonumber(now[1]) + tonumber(now[2]) / 1000000
            local trim = string.format('%.6f', score - tonumber(ARGV[6]))
            local result = {tail, 0}
            for i = 1, n do
                local key = KEYS[i + 3]
                result[2] = result[2] + redis.call('ZREMRANGEBYSCORE', key, 0, trim)
                if redis.call('ZCOUNT', key, '-inf', '+inf') < tonumber(ARGV[7 + 2 * n + i]) then
                    local at = score
                    local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
                    if last[2] and tonumber(last[2]) >= at then
                        at = tonumber(last[2]) + 0.000001
                    end
                    redis.call('ZADD', key, string.format('%.6f', at), ARGV[7 + i] .. tail .. ARGV[7 + n + i])
                    redis.call('EXPIRE', key, ARGV[7])
                else
                    result[#result + 1] = i
                end
            end
            return result
            """);

    private final RedisLayerOptions options;
    private final List<RedisShard> shards;
    private final LocalMailboxes drops;

    /** The queue key of some group members, the shard that holds it, and its capacity. */
    private record Target(String key, int shard, int capacity, List<String> members) {}

    /** @param drops where the members Redis found full or expired are counted */
    GroupSender(RedisLayerOptions options, List<RedisShard> shards, LocalMailboxes drops) {
        this.options = options;
        this.shards = shards;
        this.drops = drops;
    }

    Future<Void> send(String group, String groupKey, MsgpackCodec.Body body) {
        long micros = Scores.nowMicros();
        String what = "groupSend to group '" + group + "'";
        RedisShard groupShard = shards.get(Sharding.index(group, shards.size()));
        List<Object> trim = List.of(Scores.trimBound(micros, options.getGroupExpirySeconds()));
        return groupShard
                .eval(MEMBERS, List.of(groupKey), trim, what)
                .compose(reply -> deliver(group, members(reply), body, micros, what));
    }

    /**
     * A group send to a group that keeps a history: read the members, then number, keep and deliver on the history's
     * shard ({@link #NUMBERED_DELIVER}); members whose queue keys live on other shards get the numbered message
     * after, by {@link #DELIVER}.
     *
     * @param key the message's key, or {@code null} for none
     * @return a future of whether the message was sent: {@code false} if a held message has its key
     */
    Future<Boolean> sendNumbered(
            String group,
            String groupKey,
            MsgpackCodec.Body body,
            String key,
            RedisHistories histories,
            HistoryPolicy policy) {
        String what = "groupSend to group '" + group + "'";
        int home = Sharding.index(group, shards.size());
        List<Object> trim = List.of(Scores.trimBound(Scores.nowMicros(), options.getGroupExpirySeconds()));
        return shards.get(home).eval(MEMBERS, List.of(groupKey), trim, what).compose(reply -> {
            List<String> members = members(reply);
            Map<Integer, List<Target>> byShard = byShard(members);
            List<Target> here = byShard.getOrDefault(home, List.of());
            return number(shards.get(home), group, here, body, key, histories, policy, what)
                    .compose(tail -> {
                        if (tail == null) {
                            return Future.succeededFuture(false);
                        }
                        List<Future<?>> writes = new ArrayList<>();
                        long micros = Scores.nowMicros();
                        byShard.forEach((shard, targets) -> {
                            if (shard != home) {
                                writes.addAll(writeAll(
                                        group,
                                        shards.get(shard),
                                        targets,
                                        micros,
                                        members.size(),
                                        t -> numberedMember(body, group, tail, t),
                                        what));
                            }
                        });
                        return Future.all(writes).map(true);
                    });
        });
    }

    /** @return the bytes that finish the message's {@code __stream__} entry, {@code null} if it was not sent */
    private Future<byte[]> number(
            RedisShard shard,
            String group,
            List<Target> targets,
            MsgpackCodec.Body body,
            String key,
            RedisHistories histories,
            HistoryPolicy policy,
            String what) {
        List<String> keys = new ArrayList<>(histories.keys(group));
        List<Object> args = new ArrayList<>(RedisHistories.appendArgs(policy, key));
        args.add(MsgpackCodec.numberedHead(body, group, false));
        args.add(options.getExpirySeconds());
        args.add(RedisChannelLayer.queueTtlSeconds(options));
        for (Target target : targets) {
            keys.add(target.key());
            args.add(MsgpackCodec.numberedHead(body, group, true));
        }
        for (Target target : targets) {
            args.add(MsgpackCodec.marker(target.members()));
        }
        for (Target target : targets) {
            args.add(target.capacity());
        }
        return shard.eval(NUMBERED_DELIVER, keys, args, what).map(result -> {
            if (result.size() == 0) {
                return null;
            }
            drops.countExpired(result.get(1).toLong());
            int dropped = 0;
            for (int i = 2; i < result.size(); i++) {
                dropped += targets.get(result.get(i).toInteger() - 1).members().size();
            }
            countOver(
                    group,
                    dropped,
                    targets.stream().mapToInt(t -> t.members().size()).sum());
            return result.get(0).toBytes();
        });
    }

    private static byte[] numberedMember(MsgpackCodec.Body body, String group, byte[] tail, Target target) {
        byte[] head = MsgpackCodec.numberedHead(body, group, true);
        byte[] marker = MsgpackCodec.marker(target.members());
        byte[] member = Arrays.copyOf(head, head.length + tail.length + marker.length);
        System.arraycopy(tail, 0, member, head.length, tail.length);
        System.arraycopy(marker, 0, member, head.length + tail.length, marker.length);
        return member;
    }

    private Future<Void> deliver(String group, List<String> members, MsgpackCodec.Body body, long micros, String what) {
        if (members.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<?>> writes = new ArrayList<>();
        byShard(members)
                .forEach((shard, targets) -> writes.addAll(writeAll(
                        group,
                        shards.get(shard),
                        targets,
                        micros,
                        members.size(),
                        t -> MsgpackCodec.member(body, t.members()),
                        what)));
        return Future.all(writes).mapEmpty();
    }

    /** The members' queue keys, one target per key, by the shard that holds it. */
    private Map<Integer, List<Target>> byShard(List<String> members) {
        Map<String, Target> byKey = new LinkedHashMap<>();
        for (String member : members) {
            String nonLocal = ChannelNames.nonLocalPart(member);
            String key = options.getPrefix() + nonLocal;
            byKey.computeIfAbsent(
                            key,
                            k -> new Target(
                                    k,
                                    Sharding.index(nonLocal, shards.size()),
                                    options.capacityOf(member),
                                    new ArrayList<>()))
                    .members()
                    .add(member);
        }
        Map<Integer, List<Target>> byShard = new LinkedHashMap<>();
        byKey.values()
                .forEach(t -> byShard.computeIfAbsent(t.shard(), s -> new ArrayList<>())
                        .add(t));
        return byShard;
    }

    /** Writes one member per key on one shard, per 500 keys, and counts the members of full keys. */
    private List<Future<?>> writeAll(
            String group,
            RedisShard shard,
            List<Target> targets,
            long micros,
            int memberCount,
            Function<Target, byte[]> memberOf,
            String what) {
        List<Future<?>> writes = new ArrayList<>();
        String score = Scores.format(micros);
        String trim = Scores.trimBound(micros, options.getExpirySeconds());
        for (int from = 0; from < targets.size(); from += KEYS_PER_SCRIPT) {
            List<Target> chunk = targets.subList(from, Math.min(targets.size(), from + KEYS_PER_SCRIPT));
            writes.add(write(shard, chunk, memberOf, score, trim, what)
                    .onSuccess(over -> countOver(group, over, memberCount)));
        }
        return writes;
    }

    private Future<Integer> write(
            RedisShard shard,
            List<Target> targets,
            Function<Target, byte[]> memberOf,
            String score,
            String trim,
            String what) {
        List<String> keys = new ArrayList<>(targets.size());
        List<Object> args = new ArrayList<>(targets.size() * 2 + 3);
        for (Target target : targets) {
            keys.add(target.key());
            args.add(memberOf.apply(target));
        }
        for (Target target : targets) {
            args.add(target.capacity());
        }
        args.add(score);
        args.add(RedisChannelLayer.queueTtlSeconds(options));
        args.add(trim);
        // the script returns the number of expired messages it trimmed, then the 1-based indexes of full keys
        return shard.eval(DELIVER, keys, args, what).map(result -> {
            drops.countExpired(result.get(0).toLong());
            int dropped = 0;
            for (int i = 1; i < result.size(); i++) {
                dropped += targets.get(result.get(i).toInteger() - 1).members().size();
            }
            return dropped;
        });
    }

    private void countOver(String group, int dropped, int members) {
        if (dropped > 0) {
            drops.countFull(dropped);
            LOG.debug("{} of {} channels over capacity in group {}", dropped, members, group);
        }
    }

    private static List<String> members(Response reply) {
        List<String> members = new ArrayList<>(reply == null ? 0 : reply.size());
        if (reply != null) {
            for (Response member : reply) {
                members.add(member.toString());
            }
        }
        return members;
    }
}
