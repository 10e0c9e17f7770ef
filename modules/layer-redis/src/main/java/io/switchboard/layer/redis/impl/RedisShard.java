// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.switchboard.layer.redis.RedisUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis server of the host list. It keeps one pipelined command connection (so commands from the layer reach
 * Redis in the order they were issued), reconnects lazily, and fails fast while the server is known to be down:
 * after a connection failure, commands fail at once with {@link RedisUnavailableException} until the next retry
 * time (100 ms doubling up to 2 s); one command then probes the server. Readers report their own connection
 * state here, so a reader that reconnects also reopens the way for commands. Confined to the layer context.
 */
final class RedisShard {

    private static final Logger LOG = LoggerFactory.getLogger(RedisShard.class);
    static final long MAX_BACKOFF_MILLIS = 2000;

    final int index;
    final String displayUrl;
    private final Vertx vertx;
    private final RedisOptions clientOptions;
    private final long commandTimeoutMillis;
    private final Backoff backoff = new Backoff(MAX_BACKOFF_MILLIS);
    private final List<Runnable> recoveryListeners = new ArrayList<>();
    private Redis client;
    private RedisConnection connection;
    private Future<RedisConnection> connecting;
    private boolean down;
    private volatile long reconnects;
    private long retryAtMillis;
    private Throwable lastFailure;
    private boolean closed;

    RedisShard(Vertx vertx, int index, String url, RedisLayerOptions options) {
        this.vertx = vertx;
        this.index = index;
        this.displayUrl = redact(url);
        this.commandTimeoutMillis = options.getCommandTimeoutMillis();
        this.clientOptions = new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(1)
                .setMaxPoolWaiting(64)
                .setPoolRecycleTimeout(-1)
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout((int) options.getConnectTimeoutMillis())
                        .setTcpNoDelay(true)
                        .setTcpKeepAlive(true));
    }

    /** A client of its own for a reader or subscriber connection; closing it closes that connection. */
    Redis newClient() {
        return Redis.createClient(vertx, new RedisOptions(clientOptions));
    }

    long commandTimeoutMillis() {
        return commandTimeoutMillis;
    }

    /** Registers a task to run each time the server is reachable again after it was down. */
    void onRecovered(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /**
     * Sends one command on the shared command connection.
     *
     * @param what the operation, for error messages: "send to channel 'x'"
     * @return the reply; fails with {@link RedisUnavailableException} or {@link ChannelLayerException}
     */
    Future<Response> send(Request request, String what) {
        return raw(request).recover(e -> Future.failedFuture(translate(e, what)));
    }

    /** Runs a script with EVALSHA, loading it with EVAL when the server does not know it (after a restart). */
    Future<Response> eval(LuaScript script, List<String> keys, List<Object> args, String what) {
        return raw(script.request(true, keys, args))
                .recover(e -> isNoScript(e) ? raw(script.request(false, keys, args)) : Future.failedFuture(e))
                .recover(e -> Future.failedFuture(translate(e, what)));
    }

    /** A reader or subscriber connected: the server is up. */
    void reportUp() {
        backoff.reset();
        if (down) {
            down = false;
            reconnects++;
            LOG.info("Redis at {} is reachable again", displayUrl);
            for (Runnable listener : List.copyOf(recoveryListeners)) {
                listener.run();
            }
        }
    }

    /** A reader, a subscriber or a command found the server unreachable. */
    void reportDown(Throwable cause) {
        lastFailure = cause;
        retryAtMillis = System.currentTimeMillis() + backoff.nextDelayMillis();
        if (!down) {
            down = true;
            LOG.warn("Redis at {} is unavailable ({}); reconnecting", displayUrl, describe(cause));
        }
    }

    boolean isDown() {
        return down;
    }

    /** Any thread: read by the metrics' scrape. */
    long reconnects() {
        return reconnects;
    }

    /** The failure to report for an operation on this shard while it is down or unreachable. */
    RedisUnavailableException unavailable(Throwable failure, String what) {
        Throwable cause = failure != null ? failure : lastFailure;
        return new RedisUnavailableException(
                displayUrl,
                "Redis at " + displayUrl + " is unavailable (" + describe(cause) + "); " + what
                        + " failed: check that the server is up and that layer.hosts points to it",
                cause);
    }

    Future<Void> close() {
        closed = true;
        Redis c = client;
        client = null;
        connection = null;
        if (c == null || connecting != null) {
            // closing mid-handshake upsets the client; the handshake's completion closes it
            return Future.succeededFuture();
        }
        return c.close();
    }

    private Future<Response> raw(Request request) {
        return connection()
                .compose(conn -> conn.send(request)
                        .timeout(commandTimeoutMillis, TimeUnit.MILLISECONDS)
                        .recover(e -> {
                            if (isConnectionFailure(e)) {
                                lost(conn, e);
                            }
                            return Future.failedFuture(e);
                        }));
    }

    private Future<RedisConnection> connection() {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("Redis channel layer is closed"));
        }
        if (connection != null) {
            return Future.succeededFuture(connection);
        }
        if (connecting != null) {
            return connecting;
        }
        if (down && System.currentTimeMillis() < retryAtMillis) {
            return Future.failedFuture(new ConnectionDownException(lastFailure));
        }
        if (client == null) {
            client = newClient();
        }
        Redis current = client;
        Future<RedisConnection> attempt = current.connect().andThen(ar -> {
            if (ar.failed()) {
                if (closed || client != current) {
                    current.close();
                }
                reportDown(ar.cause());
                return;
            }
            RedisConnection conn = ar.result();
            if (closed || client != current) {
                current.close();
                return;
            }
            connection = conn;
            conn.exceptionHandler(e -> {
                if (isConnectionFailure(e)) {
                    lost(conn, e);
                }
            });
            conn.endHandler(v -> lost(conn, new ConnectionDownException(null)));
            reportUp();
        });
        connecting = attempt;
        attempt.onComplete(ar -> {
            if (connecting == attempt) {
                connecting = null;
            }
        });
        return attempt;
    }

    /** The command connection broke or stalled: drop the whole client so that no stale socket is reused. */
    private void lost(RedisConnection conn, Throwable cause) {
        if (connection != conn) {
            return;
        }
        connection = null;
        Redis c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        reportDown(cause);
    }

    private Throwable translate(Throwable e, String what) {
        if (e instanceof IllegalStateException) {
            return e;
        }
        if (isRedisError(e) && !isConnectionFailure(e)) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")) {
                return unavailable(e, what);
            }
            return new ChannelLayerException("Redis at " + displayUrl + " refused " + what + ": " + message, e);
        }
        if (e.getMessage() != null && e.getMessage().contains("waiting queue is full")) {
            return new ChannelLayerException(
                    "Too many commands are waiting for Redis at " + displayUrl + "; " + what
                            + " failed: the server is slower than the senders, retry later",
                    e);
        }
        Throwable cause = e instanceof ConnectionDownException down && down.getCause() != null ? down.getCause() : e;
        return unavailable(cause, what);
    }

    static boolean isRedisError(Throwable e) {
        return e instanceof Response r && r.type() == ResponseType.ERROR;
    }

    private static boolean isNoScript(Throwable e) {
        return isRedisError(e) && String.valueOf(e.getMessage()).startsWith("NOSCRIPT");
    }

    /** Whether a failure means the connection is unusable (as opposed to Redis refusing one command). */
    static boolean isConnectionFailure(Throwable e) {
        if (isRedisError(e)) {
            return String.valueOf(e.getMessage()).startsWith("CONNECTION_CLOSED");
        }
        return !(e instanceof IllegalStateException)
                && (e.getMessage() == null || !e.getMessage().contains("waiting queue is full"));
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        if (cause instanceof TimeoutException) {
            return "no reply in time";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** The URL with any password replaced by {@code ***}. */
    static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    /** The shard is in its back-off window: fail without trying. */
    static final class ConnectionDownException extends Exception {
        ConnectionDownException(Throwable cause) {
            super(describe(cause), cause, false, false);
        }
    }
}
