// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pings quiet sockets and closes idle ones, with one periodic timer per router rather than a timer per
 * connection. Activity is recorded as the current tick, so a frame costs a field write.
 */
public final class KeepAlive {

    private final Vertx vertx;
    private final long pingIntervalMillis;
    private final long idleTicks;
    private final Set<ServerWebSocketTransport> sockets = ConcurrentHashMap.newKeySet();
    private volatile long tick;
    private long timer = -1;

    /**
     * Creates the keep-alive.
     *
     * @param vertx the Vert.x instance
     * @param pingIntervalSeconds seconds between ticks; quiet sockets are pinged each tick
     * @param idleTimeoutSeconds seconds without a frame before a socket is closed
     */
    public KeepAlive(Vertx vertx, int pingIntervalSeconds, int idleTimeoutSeconds) {
        this.vertx = vertx;
        this.pingIntervalMillis = pingIntervalSeconds * 1000L;
        this.idleTicks = Math.max(1, (idleTimeoutSeconds + pingIntervalSeconds - 1) / pingIntervalSeconds);
    }

    long tick() {
        return tick;
    }

    int size() {
        return sockets.size();
    }

    void add(ServerWebSocketTransport socket) {
        sockets.add(socket);
        synchronized (this) {
            if (timer < 0) {
                timer = vertx.setPeriodic(pingIntervalMillis, id -> sweep());
            }
        }
    }

    void remove(ServerWebSocketTransport socket) {
        sockets.remove(socket);
    }

    private void sweep() {
        long now = ++tick;
        for (ServerWebSocketTransport socket : sockets) {
            long quiet = now - socket.lastSeen();
            if (quiet > idleTicks) {
                socket.closeIdle();
            } else if (quiet >= 1) {
                socket.ping();
            }
        }
    }

    /** Cancels the timer and closes every socket with 1001. */
    public void close() {
        synchronized (this) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        for (ServerWebSocketTransport socket : new ArrayList<>(sockets)) {
            socket.close(1001, "going_away");
        }
    }
}
