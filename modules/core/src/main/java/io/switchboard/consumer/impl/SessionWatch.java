// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.Scope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection with its session: when the session expires unless used since, or when a log-out on any node
 * sends {@link #ENDED} to the session's group. The rules live here, below the middleware that fills the session in,
 * so that the connection runtime needs no middleware; {@code io.switchboard.middleware.Sessions} is their public
 * face.
 */
public final class SessionWatch {

    /** The layer message type that closes a session's sockets; the server handles it, never a consumer. */
    public static final String ENDED = "websocket.session_ended";

    /** Where the session middleware leaves its store, so that an expiry can be checked against it. */
    public static final Scope.Key<SessionStore> STORE = Scope.Key.of("switchboard.sessionStore", SessionStore.class);

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);
    /** When the session store could not be read, how long until the next try. */
    private static final long RECHECK_MILLIS = 60_000;

    private final Context context;
    private final Scope scope;
    private final String connectionId;
    private final Runnable ended;
    private long timer = -1;
    private boolean stopped;

    private SessionWatch(Context context, Scope scope, String connectionId, Runnable ended) {
        this.context = context;
        this.scope = scope;
        this.connectionId = connectionId;
        this.ended = ended;
    }

    /**
     * Watches a scope's session, on the connection's context.
     *
     * @param context the connection's context; {@code ended} runs there
     * @param scope a scope with a session
     * @param connectionId for logs
     * @param ended closes the connection
     * @return the watch; {@link #stop()} it when the connection ends
     */
    static SessionWatch start(Context context, Scope scope, String connectionId, Runnable ended) {
        SessionWatch watch = new SessionWatch(context, scope, connectionId, ended);
        watch.armFor(expiresAt(scope.session()));
        return watch;
    }

    /** Cancels the expiry timer; the connection has ended. */
    void stop() {
        stopped = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void armFor(long expiresAt) {
        if (stopped) {
            return;
        }
        long delay = Math.max(1, expiresAt - System.currentTimeMillis());
        // the store may answer on another context; the connection's state is touched on its own only
        timer = context.owner()
                .setTimer(
                        delay,
                        t -> recheck(scope)
                                .onComplete(ar -> context.runOnContext(v -> {
                                    timer = -1;
                                    if (stopped) {
                                        return;
                                    }
                                    if (ar.failed()) {
                                        LOG.warn(
                                                "Connection {} could not recheck its session: {}",
                                                connectionId,
                                                String.valueOf(ar.cause()));
                                        armFor(System.currentTimeMillis() + RECHECK_MILLIS);
                                    } else if (ar.result() == 0) {
                                        ended.run();
                                    } else {
                                        armFor(ar.result());
                                    }
                                })));
    }

    /**
     * @param sessionId a session's id
     * @return the group its sockets join, named by a hash: the session id never enters the layer
     */
    public static String group(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "session." + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @param session a session
     * @return when it expires unless used again, in epoch milliseconds
     */
    public static long expiresAt(Session session) {
        return session.lastAccessed() + session.timeout();
    }

    /**
     * Reads a scope's session again: it may have been used since the socket opened, or ended.
     *
     * @param scope a scope with a session
     * @return a future with the session's new expiry in epoch milliseconds, or {@code 0} if it has ended
     */
    public static Future<Long> recheck(Scope scope) {
        Session session = scope.session();
        SessionStore store = scope.get(STORE);
        if (session == null || store == null) {
            return Future.succeededFuture(0L);
        }
        return store.get(session.id()).map(now -> {
            if (now == null || now.isDestroyed()) {
                return 0L;
            }
            long expiry = expiresAt(now);
            return expiry > System.currentTimeMillis() ? expiry : 0L;
        });
    }
}
