// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayerException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber connection to one shard. It keeps the set of channels and patterns the layer wants, subscribes
 * and unsubscribes as that set changes (completing once Redis confirms), and after a lost connection reconnects
 * with back-off and subscribes to the whole set again. Confined to the layer context.
 */
final class PubSubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubConnection.class);
    private static final int NAMES_PER_COMMAND = 500;

    private final RedisShard shard;
    private final LayerContext ctx;
    private final BiConsumer<String, byte[]> onMessage;
    private final Runnable streamBroke;
    private final Backoff backoff = new Backoff(RedisShard.MAX_BACKOFF_MILLIS);
    private final Set<String> channels = new LinkedHashSet<>();
    private final Set<String> patterns = new LinkedHashSet<>();
    /** Confirmations awaited, by "subscribe name", "psubscribe pattern", ... */
    private final Map<String, Promise<Void>> acks = new HashMap<>();
    /** Subscription changes not yet confirmed or failed. */
    private final Set<Future<Void>> unsettled = new HashSet<>();
    /** Subscriptions being made, by "subscribe name" / "psubscribe pattern": later callers wait for the same. */
    private final Map<String, Future<Void>> adding = new HashMap<>();

    private Redis client;
    private RedisConnection connection;
    private Promise<Void> connecting;
    private long generation;
    private long retryTimer = -1;
    private boolean closed;
    /** The connection broke while subscribed and has not subscribed again yet. */
    private boolean broken;

    /**
     * @param onMessage gets each published message: its channel and payload
     * @param streamBroke runs once the connection has subscribed again after it broke while subscribed: whatever was
     *     published meanwhile is lost to this process
     */
    PubSubConnection(RedisShard shard, LayerContext ctx, BiConsumer<String, byte[]> onMessage, Runnable streamBroke) {
        this.shard = shard;
        this.ctx = ctx;
        this.onMessage = onMessage;
        this.streamBroke = streamBroke;
    }

    Future<Void> subscribe(String channel) {
        return add(channels, Command.SUBSCRIBE, "subscribe", channel);
    }

    Future<Void> psubscribe(String pattern) {
        return add(patterns, Command.PSUBSCRIBE, "psubscribe", pattern);
    }

    Future<Void> unsubscribe(String channel) {
        return remove(channels, Command.UNSUBSCRIBE, "unsubscribe", channel);
    }

    /**
     * Completes once every subscription change made so far is confirmed or failed, so that a message published
     * after a subscribe by this layer is seen by that subscription.
     */
    Future<Void> settled() {
        if (unsettled.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.join(new ArrayList<>(unsettled)).<Void>mapEmpty().otherwiseEmpty();
    }

    Future<Void> close() {
        closed = true;
        generation++;
        if (retryTimer >= 0) {
            ctx.cancel(retryTimer);
        }
        connection = null;
        failAcks(new IllegalStateException("The redis-pubsub channel layer was closed"));
        Redis c = client;
        client = null;
        if (connecting != null) {
            // closing mid-handshake upsets the client; the handshake's completion closes it
            return Future.succeededFuture();
        }
        return c == null ? Future.succeededFuture() : c.close();
    }

    private Future<Void> add(Set<String> set, Command command, String kind, String name) {
        String key = kind + " " + name;
        if (set.contains(name)) {
            return adding.getOrDefault(key, Future.succeededFuture());
        }
        set.add(name);
        String what = kind + " to '" + name + "'";
        Future<Void> change = track(connected(what)
                .compose(conn -> confirm(conn, command, kind, name))
                .onFailure(e -> set.remove(name))
                .recover(e -> Future.failedFuture(
                        e instanceof IllegalStateException || e instanceof ChannelLayerException
                                ? e
                                : shard.unavailable(e, what))));
        if (!change.isComplete()) {
            adding.put(key, change);
            change.onComplete(ar -> adding.remove(key, change));
        }
        return change;
    }

    private Future<Void> track(Future<Void> change) {
        if (!change.isComplete()) {
            unsettled.add(change);
            change.onComplete(ar -> unsettled.remove(change));
        }
        return change;
    }

    private Future<Void> remove(Set<String> set, Command command, String kind, String name) {
        if (!set.remove(name) || connection == null) {
            return Future.succeededFuture();
        }
        // a failed unsubscribe only leaves an unused subscription, dropped at the next reconnect
        return track(confirm(connection, command, kind, name).otherwiseEmpty());
    }

    private Future<Void> confirm(RedisConnection conn, Command command, String kind, String name) {
        Future<Void> acked = expectAck(kind, name);
        Promise<Void> ack = acks.get(kind + " " + name);
        long gen = generation;
        conn.send(Request.cmd(command).arg(name)).onFailure(e -> lost(gen, e));
        long timer = ctx.schedule(shard.commandTimeoutMillis(), () -> {
            if (ack.tryFail(new TimeoutException())) {
                lost(gen, new TimeoutException("no confirmation of " + kind));
            }
        });
        return acked.andThen(ar -> ctx.cancel(timer));
    }

    /** The live connection, connecting now if needed; fails at once while the shard is in its back-off window. */
    private Future<RedisConnection> connected(String what) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("The redis-pubsub channel layer is closed"));
        }
        if (connection != null) {
            return Future.succeededFuture(connection);
        }
        if (connecting == null) {
            if (retryTimer >= 0) {
                return Future.failedFuture(shard.unavailable(null, what));
            }
            connect();
        }
        return connecting.future().map(v -> connection);
    }

    private void connect() {
        retryTimer = -1;
        long gen = ++generation;
        Promise<Void> attempt = Promise.promise();
        connecting = attempt;
        Redis c = shard.newClient();
        client = c;
        c.connect().onComplete(ar -> {
            if (gen != generation) {
                c.close();
                attempt.tryFail(new IllegalStateException("The redis-pubsub channel layer was closed"));
                return;
            }
            connecting = null;
            if (ar.failed()) {
                attempt.tryFail(ar.cause());
                lost(gen, ar.cause());
                return;
            }
            RedisConnection conn = ar.result();
            connection = conn;
            conn.handler(this::handle);
            conn.exceptionHandler(e -> {
                if (RedisShard.isConnectionFailure(e)) {
                    lost(gen, e);
                }
            });
            conn.endHandler(v -> lost(gen, null));
            backoff.reset();
            resubscribe(conn);
            shard.reportUp();
            attempt.tryComplete();
        });
    }

    /** Subscribes again to the whole set; after a break, tells the layer once Redis has confirmed every one. */
    private void resubscribe(RedisConnection conn) {
        List<Future<Void>> confirmed = new ArrayList<>();
        if (broken) {
            channels.forEach(name -> confirmed.add(expectAck("subscribe", name)));
            patterns.forEach(name -> confirmed.add(expectAck("psubscribe", name)));
        }
        send(conn, Command.SUBSCRIBE, new ArrayList<>(channels));
        send(conn, Command.PSUBSCRIBE, new ArrayList<>(patterns));
        if (broken) {
            long gen = generation;
            Future.join(confirmed).onComplete(ar -> {
                if (gen == generation && broken) {
                    broken = false;
                    streamBroke.run();
                }
            });
        }
    }

    /** Awaits Redis's confirmation of a (un)subscription; one awaited before for the same name completes with it. */
    private Future<Void> expectAck(String kind, String name) {
        Promise<Void> ack = Promise.promise();
        Promise<Void> earlier = acks.put(kind + " " + name, ack);
        if (earlier != null) {
            ack.future().onComplete(earlier);
        }
        return ack.future();
    }

    private void send(RedisConnection conn, Command command, List<String> names) {
        for (int from = 0; from < names.size(); from += NAMES_PER_COMMAND) {
            Request request = Request.cmd(command);
            names.subList(from, Math.min(names.size(), from + NAMES_PER_COMMAND))
                    .forEach(request::arg);
            long gen = generation;
            conn.send(request).onFailure(e -> lost(gen, e));
        }
    }

    private void handle(Response push) {
        if (push == null || push.size() < 2) {
            return;
        }
        String kind = push.get(0).toString();
        switch (kind) {
            case "message" -> deliver(push.get(1).toString(), push.get(2));
            case "pmessage" -> deliver(push.get(2).toString(), push.get(3));
            case "subscribe", "psubscribe", "unsubscribe", "punsubscribe" -> {
                Promise<Void> ack = acks.remove(kind + " " + push.get(1).toString());
                if (ack != null) {
                    ack.tryComplete();
                }
            }
            default -> LOG.debug("Ignored a {} push from Redis at {}", kind, shard.displayUrl);
        }
    }

    private void deliver(String channel, Response payload) {
        try {
            onMessage.accept(channel, payload.toBytes());
        } catch (RuntimeException e) {
            LOG.error("Delivering a message from Pub/Sub channel '{}' failed", channel, e);
        }
    }

    private void lost(long gen, Throwable cause) {
        if (gen != generation || closed) {
            return;
        }
        generation++;
        connection = null;
        Redis c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        failAcks(shard.unavailable(cause, "a Pub/Sub subscription"));
        shard.reportDown(cause);
        broken |= !channels.isEmpty() || !patterns.isEmpty();
        if (!channels.isEmpty() || !patterns.isEmpty()) {
            retryTimer = ctx.schedule(backoff.nextDelayMillis(), this::reconnect);
        } else {
            retryTimer = ctx.schedule(backoff.nextDelayMillis(), () -> retryTimer = -1);
        }
    }

    private void reconnect() {
        retryTimer = -1;
        if (connection == null && connecting == null && !closed) {
            connect();
        }
    }

    private void failAcks(Throwable reason) {
        List<Promise<Void>> pending = new ArrayList<>(acks.values());
        acks.clear();
        pending.forEach(p -> p.tryFail(reason));
    }
}
