// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.kernel.AbstractPresence;
import io.switchboard.layer.kernel.PresenceTable;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis layers' presence. A group's entries are a hash ({@code <prefix>:presence:<group>:entries}, entry key to
 * JSON) and a sorted set of the same keys scored by when each lapses ({@code <prefix>:presence:<group>}), on the
 * group's shard, by Redis' clock. Each node refreshes its own entries three times per {@code layer.presenceTimeout};
 * a node that dies stops, and its entries lapse: they are no longer listed, and the next node to refresh or track
 * in the group removes them and sends their leave events. A node that was taken for dead (a long pause) lists its
 * entries again at its next refresh, with join events.
 *
 * <p>Scripts run atomically, so each lapsed entry is removed, and announced, once.
 */
final class RedisPresence extends AbstractPresence {

    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);

    /** Removes the lapsed entries of a group and returns their JSON; the prelude of the scripts that change it. */
    private static final String SWEEP = """
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
            local gone = {}
            for _, key in ipairs(lapsed) do
                local json = redis.call('HGET', KEYS[2], key)
                if json then table.insert(gone, json) end
                redis.call('HDEL', KEYS[2], key)
            end
            if #lapsed > 0 then redis.call('ZREM', KEYS[1], unpack(lapsed)) end
            local ttl = tonumber(ARGV[1])
            """;

    /** KEYS: set, hash. ARGV: timeout ms, key, json, max. Returns {stored 0/1, lapsed entries}. */
    static final LuaScript TRACK = new LuaScript(SWEEP + """
            if not redis.call('ZSCORE', KEYS[1], ARGV[2]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
                return {0, gone}
            end
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[1], 2 * ttl)
            redis.call('PEXPIRE', KEYS[2], 2 * ttl)
            return {1, gone}
            """);

    /** KEYS: set, hash. ARGV: timeout ms, then key and json per entry. Returns {lapsed entries, entries added back}. */
    static final LuaScript REFRESH = new LuaScript(SWEEP + """
            local back = {}
            for i = 2, #ARGV, 2 do
                if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then table.insert(back, ARGV[i + 1]) end
                redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
                redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            redis.call('PEXPIRE', KEYS[1], 2 * ttl)
            redis.call('PEXPIRE', KEYS[2], 2 * ttl)
            return {gone, back}
            """);

    /** KEYS: set, hash. ARGV: timeout ms, then keys. Returns the removed entries, lapsed ones among them. */
    static final LuaScript UNTRACK = new LuaScript(SWEEP + """
            for i = 2, #ARGV do
                local json = redis.call('HGET', KEYS[2], ARGV[i])
                if json then table.insert(gone, json) end
                redis.call('HDEL', KEYS[2], ARGV[i])
                redis.call('ZREM', KEYS[1], ARGV[i])
            end
            return gone
            """);

    /** KEYS: set, hash. Returns the entries that have not lapsed. */
    static final LuaScript LIST = new LuaScript("""
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
            if #live == 0 then return {} end
            return redis.call('HMGET', KEYS[2], unpack(live))
            """);

    private final AbstractRedisLayer layer;
    private final long timeoutMillis;
    /** This node's own entries, group to key to JSON: what it refreshes, and removes when it closes. */
    private final Map<String, Map<String, String>> own = new ConcurrentHashMap<>();

    private long refreshTimer = -1;

    RedisPresence(AbstractRedisLayer layer, ChannelLayerOptions options) {
        super(layer, "redis-" + layer.clientId, options);
        this.layer = layer;
        this.timeoutMillis = TimeUnit.SECONDS.toMillis(options.getPresenceTimeoutSeconds());
    }

    /** Starts the refresh of this node's entries; on the layer context. */
    void start() {
        refreshTimer = layer.ctx.periodic(Math.max(100, timeoutMillis / 3), this::refresh);
    }

    private List<String> keys(String group) {
        String set = layer.options.getPrefix() + ":presence:" + group;
        return List.of(set, set + ":entries");
    }

    private RedisShard shard(String group) {
        return layer.shardFor(group);
    }

    @Override
    protected Future<Boolean> put(String group, PresenceEntry entry, int max) {
        String json = entry.toJson().encode();
        return layer.onLayer(() -> {
            // own entries change on the layer context in call order, as the scripts run: an untrack that follows
            // this track at once must not see the entry come back
            own.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(entry.key(), json);
            return shard(group)
                    .eval(
                            TRACK,
                            keys(group),
                            List.of(timeoutMillis, entry.key(), json, max),
                            "track in the presence of group '" + group + "'")
                    .compose(reply -> {
                        boolean stored = reply.get(0).toInteger() == 1;
                        if (!stored) {
                            forget(group, entry.key());
                        }
                        return announceLeaves(group, parse(reply.get(1))).map(stored);
                    });
        });
    }

    private void forget(String group, String key) {
        own.computeIfPresent(group, (g, entries) -> {
            entries.remove(key);
            return entries.isEmpty() ? null : entries;
        });
    }

    @Override
    protected Future<PresenceEntry> remove(String group, String key) {
        return layer.onLayer(() -> {
                    forget(group, key);
                    return untrack(group, List.of(key));
                })
                .map(removed -> {
                    PresenceEntry mine = null;
                    List<PresenceEntry> lapsed = new ArrayList<>();
                    for (PresenceEntry entry : removed) {
                        if (entry.key().equals(key)) {
                            mine = entry;
                        } else {
                            lapsed.add(entry);
                        }
                    }
                    announceLeaves(group, lapsed);
                    return mine;
                });
    }

    private Future<List<PresenceEntry>> untrack(String group, List<String> entryKeys) {
        List<Object> args = new ArrayList<>();
        args.add(timeoutMillis);
        args.addAll(entryKeys);
        return shard(group)
                .eval(UNTRACK, keys(group), args, "untrack from the presence of group '" + group + "'")
                .map(RedisPresence::parse);
    }

    @Override
    protected Future<List<PresenceEntry>> entries(String group) {
        return layer.onLayer(() -> shard(group)
                .eval(LIST, keys(group), List.of(), "list the presence of group '" + group + "'")
                .map(reply -> parse(reply).stream()
                        .sorted(Comparator.comparingLong(PresenceEntry::joinedAt))
                        .toList()));
    }

    /** Keeps this node's entries listed, lists again those taken for lapsed, and removes the lapsed entries of others. */
    private void refresh() {
        own.forEach((group, entries) -> {
            Map<String, String> snapshot = new LinkedHashMap<>(entries);
            if (snapshot.isEmpty()) {
                return;
            }
            List<Object> args = new ArrayList<>();
            args.add(timeoutMillis);
            snapshot.forEach((key, json) -> {
                args.add(key);
                args.add(json);
            });
            shard(group)
                    .eval(REFRESH, keys(group), args, "refresh the presence of group '" + group + "'")
                    .compose(reply -> Future.join(
                            announceLeaves(group, parse(reply.get(0))), announceJoins(group, parse(reply.get(1)))))
                    .onFailure(err -> LOG.warn(
                            "Presence of group '{}' not refreshed; its entries lapse after {} ms unless a later"
                                    + " refresh succeeds: {}",
                            group,
                            timeoutMillis,
                            err.getMessage()));
        });
    }

    /** Forgets every entry of every group, for a flush; on the layer context. */
    Future<Void> clear() {
        own.clear();
        List<Future<?>> flushes = new ArrayList<>();
        String pattern = RedisChannelLayer.escapeGlob(layer.options.getPrefix() + ":presence:") + "*";
        for (RedisShard shard : layer.shards) {
            flushes.add(shard.eval(RedisChannelLayer.FLUSH, List.of(), List.of(pattern), "flush the presence"));
        }
        return Future.all(flushes).mapEmpty();
    }

    /** Stops refreshing and removes this node's entries, with their leave events; on the layer context. */
    Future<Void> close() {
        if (refreshTimer >= 0) {
            layer.ctx.cancel(refreshTimer);
            refreshTimer = -1;
        }
        List<Future<Void>> leaving = new ArrayList<>();
        own.forEach((group, entries) -> leaving.add(
                untrack(group, List.copyOf(entries.keySet())).compose(removed -> announceLeaves(group, removed))));
        own.clear();
        return Future.join(leaving).mapEmpty();
    }

    private static List<PresenceEntry> parse(Response entries) {
        List<PresenceEntry> parsed = new ArrayList<>();
        if (entries != null) {
            for (Response json : entries) {
                if (json != null) {
                    parsed.add(PresenceTable.parse(json.toString()));
                }
            }
        }
        return parsed;
    }
}
