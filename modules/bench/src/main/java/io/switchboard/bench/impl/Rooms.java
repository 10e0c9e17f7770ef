// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.ConcurrentHashMap;

/** The baseline server's rooms, shared by every verticle instance: room name to its sockets. Thread-safe. */
public final class Rooms {

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    Room join(String name, ServerWebSocket ws) {
        return rooms.compute(name, (k, room) -> (room == null ? new Room() : room).add(ws));
    }

    void leave(String name, ServerWebSocket ws) {
        rooms.computeIfPresent(name, (k, room) -> room.remove(ws));
    }

    /** @return rooms with at least one member */
    public int size() {
        return rooms.size();
    }
}
