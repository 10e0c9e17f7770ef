// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.Scope;
import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Ends sessions' sockets. Every socket whose scope has a session joins that session's group, so that log-out on any
 * node reaches the session's sockets on every node: they close with {@code 4001 session_ended}. A socket also
 * closes when its session expires. The group is named by a hash of the session id, which never enters the layer.
 */
public final class Sessions {

    /** The layer message type that closes a session's sockets; the server handles it, never a consumer. */
    public static final String ENDED = "websocket.session_ended";

    /** Where {@link SessionMiddleware} leaves its store, so that an expiry can be checked against it. */
    static final Scope.Key<SessionStore> STORE = Scope.Key.of("switchboard.sessionStore", SessionStore.class);

    private static final JsonObject ENDED_MESSAGE = new JsonObject().put("type", ENDED);

    private Sessions() {}

    /**
     * Closes every open socket of a session, on every node. Call it before destroying the session at log-out.
     *
     * @param layer the channel layer
     * @param sessionId the session's id
     * @return a future completed once the layer took the message; returns immediately
     */
    public static Future<Void> end(ChannelLayer layer, String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return layer.groupSend(group(sessionId), ENDED_MESSAGE.copy());
    }

    /**
     * @param sessionId a session's id
     * @return the group its sockets join
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
