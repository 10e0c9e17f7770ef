// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.impl.SessionWatch;
import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.util.Objects;

/**
 * Ends sessions' sockets. Every socket whose scope has a session joins that session's group, so that log-out on any
 * node reaches the session's sockets on every node: they close with {@code 4001 session_ended}. A socket also
 * closes when its session expires. The group is named by a hash of the session id, which never enters the layer.
 */
public final class Sessions {

    /** The layer message type that closes a session's sockets; the server handles it, never a consumer. */
    public static final String ENDED = SessionWatch.ENDED;

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
        return SessionWatch.group(sessionId);
    }

    /**
     * @param session a session
     * @return when it expires unless used again, in epoch milliseconds
     */
    public static long expiresAt(Session session) {
        return SessionWatch.expiresAt(session);
    }
}
