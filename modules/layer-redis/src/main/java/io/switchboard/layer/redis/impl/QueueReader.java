// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one sorted-set queue key on one shard with {@code BZPOPMIN key 5} in a loop, on a connection of its own
 * (wire spec §6.3, without the in-flight backup, which the spec allows). It pops only while {@code wanted} says
 * so; when demand ends during a pop, {@code CLIENT UNBLOCK} ends the pop early. A lost connection is reopened with
 * back-off and the loop resumes. Confined to the layer context.
 */
final class QueueReader {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReader.class);
    static final int BLOCK_SECONDS = 5;

    private final RedisShard shard;
    private final LayerContext ctx;
    private final String key;
    private final BooleanSupplier wanted;
    private final MemberHandler onMember;
    private final Runnable streamBroke;
    private final Backoff backoff = new Backoff(RedisShard.MAX_BACKOFF_MILLIS);
    private Redis client;
    private RedisConnection connection;
    private long redisClientId = -1;
    private long generation;
    private long retryTimer = -1;
    private boolean running;
    private boolean connecting;
    private boolean polling;
    private boolean unblocking;
    /** The connection broke and has not been opened again yet. */
    private boolean broken;

    /** Receives each popped member with its score (the writer's Unix time in seconds). */
    @FunctionalInterface
    interface MemberHandler {
        void handle(byte[] member, double score);
    }

    /**
     * @param streamBroke runs once the connection is open again after a break: a pop whose reply was on its way is
     *     lost, and a Redis that restarted meanwhile lost what was queued
     */
    QueueReader(
            RedisShard shard,
            LayerContext ctx,
            String key,
            BooleanSupplier wanted,
            MemberHandler onMember,
            Runnable streamBroke) {
        this.shard = shard;
        this.ctx = ctx;
        this.key = key;
        this.wanted = wanted;
        this.onMember = onMember;
        this.streamBroke = streamBroke;
    }

    void start() {
        if (!running) {
            running = true;
            connect();
        }
    }

    void stop() {
        running = false;
        generation++;
        if (retryTimer >= 0) {
            ctx.cancel(retryTimer);
            retryTimer = -1;
        }
        connection = null;
        polling = false;
        if (connecting) {
            // closing mid-handshake upsets the client; the handshake's completion closes it
            client = null;
        } else {
            closeClient();
        }
    }

    /** Demand may have changed: start a pop, or end the one in progress. */
    void demandChanged() {
        if (!running || connection == null) {
            return;
        }
        boolean want = wanted.getAsBoolean();
        if (!polling && want) {
            poll();
        } else if (polling && !want && !unblocking) {
            unblocking = true;
            shard.send(Request.cmd(Command.CLIENT).arg("UNBLOCK").arg(redisClientId), "end a pop on key '" + key + "'")
                    .onFailure(e -> LOG.debug("CLIENT UNBLOCK failed: {}", e.getMessage()));
        }
    }

    private void connect() {
        retryTimer = -1;
        long gen = ++generation;
        Redis c = shard.newClient();
        client = c;
        connecting = true;
        c.connect()
                .compose(conn -> conn.send(Request.cmd(Command.CLIENT).arg("ID"))
                        .timeout(shard.commandTimeoutMillis(), TimeUnit.MILLISECONDS)
                        .map(id -> {
                            redisClientId = id.toLong();
                            return conn;
                        }))
                .onComplete(ar -> {
                    connecting = false;
                    if (gen != generation) {
                        c.close();
                        return;
                    }
                    if (ar.failed()) {
                        lost(gen, ar.cause());
                        return;
                    }
                    RedisConnection conn = ar.result();
                    connection = conn;
                    conn.exceptionHandler(e -> {
                        if (RedisShard.isConnectionFailure(e)) {
                            lost(gen, e);
                        }
                    });
                    conn.endHandler(v -> lost(gen, null));
                    backoff.reset();
                    shard.reportUp();
                    if (broken) {
                        broken = false;
                        streamBroke.run();
                    }
                    demandChanged();
                });
    }

    private void poll() {
        long gen = generation;
        polling = true;
        unblocking = false;
        Future<Response> pop = connection
                .send(Request.cmd(Command.BZPOPMIN).arg(key).arg(BLOCK_SECONDS))
                .timeout(BLOCK_SECONDS * 1000L + shard.commandTimeoutMillis(), TimeUnit.MILLISECONDS);
        pop.onComplete(ar -> {
            if (gen != generation) {
                return;
            }
            polling = false;
            unblocking = false;
            if (ar.failed()) {
                if (RedisShard.isConnectionFailure(ar.cause())) {
                    lost(gen, ar.cause());
                } else {
                    LOG.warn(
                            "Redis at {} refused BZPOPMIN on key '{}': {}; retrying",
                            shard.displayUrl,
                            key,
                            ar.cause().getMessage());
                    retryTimer = ctx.schedule(backoff.nextDelayMillis(), () -> {
                        retryTimer = -1;
                        demandChanged();
                    });
                }
                return;
            }
            Response reply = ar.result();
            if (reply != null && reply.size() >= 3) {
                try {
                    onMember.handle(reply.get(1).toBytes(), reply.get(2).toDouble());
                } catch (RuntimeException e) {
                    LOG.error("Delivering a message from key '{}' failed", key, e);
                }
            }
            demandChanged();
        });
    }

    private void lost(long gen, Throwable cause) {
        if (gen != generation) {
            return;
        }
        generation++;
        connection = null;
        polling = false;
        closeClient();
        if (!running) {
            return;
        }
        shard.reportDown(cause);
        broken = true;
        retryTimer = ctx.schedule(backoff.nextDelayMillis(), this::connect);
    }

    private void closeClient() {
        Redis c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}
