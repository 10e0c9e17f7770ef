// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.consumer.CloseCodes;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Pings quiet sockets and closes idle ones, with one periodic timer per router rather than a timer per
 * connection. Activity is recorded as the current tick, so a frame costs a field write.
 */
public final class KeepAlive {

    private final Vertx vertx;
    private final long pingIntervalMillis;
    private final long idleTicks;
    private final BooleanSupplier suspended;
    private final Set<ServerWebSocketTransport> sockets = ConcurrentHashMap.newKeySet();
    private volatile long tick;
    private long timer = -1;
    /** Set by {@link #stop}: a socket that opens afterwards is closed at once. */
    private volatile boolean stopped;

    /**
     * Creates the keep-alive.
     *
     * @param vertx the Vert.x instance
     * @param pingIntervalSeconds seconds between ticks; quiet sockets are pinged each tick
     * @param idleTimeoutSeconds seconds without a frame before a socket is closed
     * @param suspended whether the process is suspended: a socket that opens meanwhile is closed at once
     */
    public KeepAlive(Vertx vertx, int pingIntervalSeconds, int idleTimeoutSeconds, BooleanSupplier suspended) {
        this.vertx = vertx;
        this.suspended = suspended;
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
        if (stopped || suspended.getAsBoolean()) {
            // its handshake began before the drain or suspension: it goes the way their sockets go
            socket.close(CloseCodes.SERVICE_RESTART, "service_restart");
            return;
        }
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

    /**
     * Cancels the timer, so nothing is pinged or timed out any more, and hands over the open sockets for a drain to
     * close; a socket that opens afterwards is closed at once with 1012.
     *
     * @return the sockets open now
     */
    public List<ServerWebSocketTransport> stop() {
        stopped = true;
        synchronized (this) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        return open();
    }

    /** @return the sockets open now */
    public List<ServerWebSocketTransport> open() {
        return new ArrayList<>(sockets);
    }
}
