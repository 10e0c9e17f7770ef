// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.kernel.GroupHistory;
import io.switchboard.layer.kernel.HistoryRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Group histories in Redis, for both flavours: per group that keeps one, a stream of its numbered messages,
 * {@code <prefix>:history:<group>}, and beside it a hash {@code <prefix>:history:<group>:top} holding the epoch and
 * the last offset. Both live on the shard of the script that numbers and delivers the group's messages, so the
 * offset is taken in the same step that hands the message on: one sequence for every process, in delivery order.
 *
 * <p>A history whose hash is gone (a Redis restarted empty, the keys expired) starts again under a new epoch, and
 * its stream goes with it. Offsets live in the hash, not in stream ids, so a stream trimmed or lost alone makes a
 * read "fell out of the history" rather than a wrong answer. Streams are trimmed approximately ({@code MAXLEN ~},
 * {@code MINID ~}); reads apply the exact size and time to live, and the kernel's {@link GroupHistory#read} rules.
 * Times are Redis's own ({@code TIME}), so the clocks of the processes do not matter.
 */
final class RedisHistories {

    /**
     * Lua: {@code append(stream, top, keys, newEpoch, size, ttlMillis, key, head)} numbers a message, keeps it and
     * returns the bytes that finish its {@code __stream__} entry (the epoch, then {@code offset} and the offset) and
     * Redis's {@code TIME}; or {@code false}, appending nothing, when {@code key} (empty for none) is one of the
     * {@code keys} of the newest {@code size} messages ({@link io.switchboard.layer.ChannelLayer#groupSendOnce}).
     * {@code head} is the message up to there ({@link MsgpackCodec#numberedHead}). The keys live for twice the time
     * to live after the last append, so the position outlives the messages by a time to live.
     */
    static final String APPEND = """
            local function append(stream, top, keys, newEpoch, size, ttl, key, head)
                local epoch = redis.call('HGET', top, 'epoch')
                if not epoch then
                    epoch = newEpoch
                    redis.call('DEL', stream, keys)
                    redis.call('HSET', top, 'epoch', epoch, 'top', 0)
                elseif key ~= '' then
                    -- a key is held while its message is among the newest size: unkeyed appends do not trim the set
                    local held = redis.call('ZSCORE', keys, key)
                    if held and tonumber(held) > tonumber(redis.call('HGET', top, 'top')) - tonumber(size) then
                        return false
                    end
                end
                local offset = redis.call('HINCRBY', top, 'top', 1)
                local tail = cmsgpack.pack(epoch) .. '\\166offset' .. cmsgpack.pack(offset)
                local now = redis.call('TIME')
                local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
                redis.call('XADD', stream, 'MAXLEN', '~', size, '*', 'o', offset, 'm', head .. tail)
                redis.call('XTRIM', stream, 'MINID', '~', millis - ttl)
                redis.call('PEXPIRE', stream, 2 * ttl)
                redis.call('PEXPIRE', top, 2 * ttl)
                if key ~= '' then
                    redis.call('ZADD', keys, offset, key)
                    redis.call('ZREMRANGEBYSCORE', keys, '-inf', offset - size)
                    redis.call('PEXPIRE', keys, 2 * ttl)
                end
                return tail, now
            end
            """;

    /**
     * Reads a history: its epoch and last offset (making the hash, under the new epoch, when absent, so that the
     * reader learns the epoch the group's next messages carry), and, when the reader's epoch is current, the newest
     * unexpired messages after its offset, at most {@code size}, newest first. KEYS: stream, top, keys. ARGV: new epoch,
     * size, time to live in ms, the reader's offset (-1: the position only), the reader's epoch.
     */
    static final LuaScript READ = new LuaScript("""
            local ttl = tonumber(ARGV[3])
            local epoch = redis.call('HGET', KEYS[2], 'epoch')
            if not epoch then
                epoch = ARGV[1]
                redis.call('DEL', KEYS[1], KEYS[3])
                redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0)
                redis.call('PEXPIRE', KEYS[2], 2 * ttl)
            end
            local top = tonumber(redis.call('HGET', KEYS[2], 'top'))
            local since = tonumber(ARGV[4])
            local entries = {}
            if since >= 0 and since < top and epoch == ARGV[5] then
                local now = redis.call('TIME')
                local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
                local want = math.min(top - since, tonumber(ARGV[2]))
                entries = redis.call('XREVRANGE', KEYS[1], '+', millis - ttl, 'COUNT', want)
            end
            return {epoch, top, entries}
            """);

    private final String prefix;
    private final HistoryRules rules;

    RedisHistories(String prefix, HistoryRules rules) {
        this.prefix = prefix;
        this.rules = rules;
    }

    /** @return the group's policy, {@code null} if it keeps no history */
    HistoryPolicy policyOf(String group) {
        return rules.apply(group);
    }

    String streamKey(String group) {
        return prefix + ":history:" + group;
    }

    String topKey(String group) {
        return prefix + ":history:" + group + ":top";
    }

    /** The sorted set of the keys of the group's newest messages, scored by offset. */
    String keysKey(String group) {
        return prefix + ":history:" + group + ":keys";
    }

    /** @return the keys {@link #APPEND} takes: stream, top, keys */
    List<String> keys(String group) {
        return List.of(streamKey(group), topKey(group), keysKey(group));
    }

    /**
     * @param key the message's key, or {@code null} for none
     * @return the arguments {@link #APPEND} takes before the head: new epoch, size, time to live in ms, key
     */
    static List<Object> appendArgs(HistoryPolicy policy, String key) {
        List<Object> args = new ArrayList<>(policyArgs(policy));
        args.add(key == null ? "" : key);
        return args;
    }

    private static List<Object> policyArgs(HistoryPolicy policy) {
        return List.of(GroupHistory.newEpoch(), policy.size(), policy.ttlSeconds() * 1000);
    }

    /**
     * Reads a group's history after a position.
     *
     * @param shard the shard that holds the group's history
     * @param group a group that keeps a history
     * @param since the reader's last position, or {@code null} for the group's position only
     * @return what the read found
     */
    Future<HistoryRead> read(RedisShard shard, String group, StreamPosition since) {
        HistoryPolicy policy = Objects.requireNonNull(policyOf(group), "policy");
        List<Object> args = new ArrayList<>(policyArgs(policy));
        args.add(since == null ? -1 : since.offset());
        args.add(since == null ? "" : since.epoch());
        return shard.eval(READ, keys(group), args, "read of the history of group '" + group + "'")
                .map(reply -> answer(reply, since));
    }

    private static HistoryRead answer(Response reply, StreamPosition since) {
        StreamPosition current =
                new StreamPosition(reply.get(1).toLong(), reply.get(0).toString());
        if (since == null) {
            return new HistoryRead.Recovered(List.of(), current);
        }
        Response entries = reply.get(2);
        List<JsonObject> newestFirst = new ArrayList<>(entries == null ? 0 : entries.size());
        long oldestHeld = current.offset() + 1;
        if (entries != null) {
            for (Response entry : entries) {
                Response fields = entry.get(1);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    String field = fields.get(i).toString();
                    if (field.equals("o")) {
                        oldestHeld = fields.get(i + 1).toLong();
                    } else if (field.equals("m")) {
                        newestFirst.add(decode(fields.get(i + 1).toBytes()));
                    }
                }
            }
        }
        return GroupHistory.read(since, current, oldestHeld, count -> {
            List<JsonObject> missed = new ArrayList<>(newestFirst.subList(0, count));
            Collections.reverse(missed);
            return missed;
        });
    }

    private static JsonObject decode(byte[] bytes) {
        try {
            return FrozenJson.freeze(MsgpackCodec.decode(bytes, 0).message());
        } catch (WireFormatException e) {
            throw new IllegalStateException(
                    "A group history entry is not a message this layer wrote: " + e.getMessage(), e);
        }
    }
}
