// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher.impl;

import io.switchboard.middleware.SessionRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions in Redis: one string key per session, {@code <prefix>:session:<id>}, that Redis expires by itself
 * ({@code SET ... PX}). The pooled client reconnects on the next call after Redis comes back.
 */
public final class RedisSessionRecords implements SessionRecords {

    private static final int SCAN_COUNT = 500;

    private final Redis redis;
    private final String keyPrefix;

    private RedisSessionRecords(Redis redis, String prefix) {
        this.redis = redis;
        this.keyPrefix = prefix + ":session:";
    }

    /**
     * @param vertx the process's Vert.x
     * @param url the Redis URL
     * @param prefix the prefix of the keys
     * @return the records; {@link #close()} them on stop
     */
    public static RedisSessionRecords create(Vertx vertx, String url, String prefix) {
        return new RedisSessionRecords(Redis.createClient(vertx, new RedisOptions().setConnectionString(url)), prefix);
    }

    @Override
    public Future<Buffer> read(String id) {
        return redis.send(Request.cmd(Command.GET).arg(keyPrefix + id))
                .map(response -> response == null ? null : response.toBuffer());
    }

    @Override
    public Future<Void> write(String id, Buffer record, long ttlMillis) {
        return redis.send(Request.cmd(Command.SET)
                        .arg(keyPrefix + id)
                        .arg(record)
                        .arg("PX")
                        .arg(ttlMillis))
                .mapEmpty();
    }

    @Override
    public Future<Void> delete(String id) {
        return redis.send(Request.cmd(Command.DEL).arg(keyPrefix + id)).mapEmpty();
    }

    @Override
    public Future<Void> clear() {
        return keys("0", new ArrayList<>()).compose(keys -> {
            if (keys.isEmpty()) {
                return Future.succeededFuture();
            }
            Request del = Request.cmd(Command.DEL);
            keys.forEach(del::arg);
            return redis.send(del).mapEmpty();
        });
    }

    @Override
    public Future<Integer> size() {
        return keys("0", new ArrayList<>()).map(List::size);
    }

    /** Every session key, by SCAN: never KEYS, which stops Redis while it walks the whole key space. */
    private Future<List<String>> keys(String cursor, List<String> found) {
        return redis.send(Request.cmd(Command.SCAN)
                        .arg(cursor)
                        .arg("MATCH")
                        .arg(keyPrefix + "*")
                        .arg("COUNT")
                        .arg(SCAN_COUNT))
                .compose(reply -> {
                    for (Response key : reply.get(1)) {
                        found.add(key.toString());
                    }
                    String next = reply.get(0).toString();
                    return next.equals("0") ? Future.succeededFuture(found) : keys(next, found);
                });
    }

    @Override
    public void close() {
        redis.close();
    }
}
