// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private Future<Void> deliver(String group, List<String> members, MsgpackCodec.Body body, long micros, String what) {
        if (members.isEmpty()) {
            return Future.succeededFuture();
        }
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
        List<Future<?>> writes = new ArrayList<>();
        String score = Scores.format(micros);
        String trim = Scores.trimBound(micros, options.getExpirySeconds());
        byShard.forEach((shard, targets) -> {
            for (int from = 0; from < targets.size(); from += KEYS_PER_SCRIPT) {
                List<Target> chunk = targets.subList(from, Math.min(targets.size(), from + KEYS_PER_SCRIPT));
                writes.add(write(shards.get(shard), chunk, body, score, trim, what)
                        .onSuccess(over -> countOver(group, over, members.size())));
            }
        });
        return Future.all(writes).mapEmpty();
    }

    private Future<Integer> write(
            RedisShard shard, List<Target> targets, MsgpackCodec.Body body, String score, String trim, String what) {
        List<String> keys = new ArrayList<>(targets.size());
        List<Object> args = new ArrayList<>(targets.size() * 2 + 3);
        for (Target target : targets) {
            keys.add(target.key());
            args.add(MsgpackCodec.member(body, target.members()));
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
