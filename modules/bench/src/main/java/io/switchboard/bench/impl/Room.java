// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.switchboard.internal.VertxInternals;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Arrays;

/**
 * The sockets of one baseline room, as a copy-on-write array: joins and leaves copy (they are rare and serialized by
 * {@link Rooms}), a broadcast reads one volatile array without locking.
 */
final class Room {

    private static final ServerWebSocket[] EMPTY = new ServerWebSocket[0];
    private volatile ServerWebSocket[] sockets = EMPTY;

    Room add(ServerWebSocket ws) {
        ServerWebSocket[] old = sockets;
        ServerWebSocket[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = ws;
        sockets = grown;
        return this;
    }

    /** @return this room, or null when it became empty */
    Room remove(ServerWebSocket ws) {
        ServerWebSocket[] old = sockets;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == ws) {
                if (old.length == 1) {
                    sockets = EMPTY;
                    return null;
                }
                ServerWebSocket[] shrunk = new ServerWebSocket[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                sockets = shrunk;
                break;
            }
        }
        return this;
    }

    int size() {
        return sockets.length;
    }

    /**
     * Writes one encoded text frame to every socket. The payload bytes are shared: each socket gets a frame over a
     * slice of the same buffer (the public {@code WebSocketFrame.textFrame(String)} would copy and re-encode the
     * text per socket, which is the work this ceiling must not do).
     */
    void broadcast(Buffer payload) {
        for (ServerWebSocket ws : sockets) {
            ws.writeFrame(VertxInternals.sharedTextFrame(payload));
        }
    }
}
