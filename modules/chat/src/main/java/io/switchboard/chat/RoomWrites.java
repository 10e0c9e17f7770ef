// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages of each room that this process has broadcast but not yet stored. A message is broadcast while it is
 * being stored, so a new reader first waits for the writes that started before it joined the room's group: then
 * every message broadcast before the join is in its history, and every later one comes to it live. Thread-safe.
 */
final class RoomWrites {

    private final Map<String, Set<Future<Void>>> pending = new ConcurrentHashMap<>();

    /**
     * Tracks a write until it ends; call it before the message is broadcast.
     *
     * @param room the message's room
     * @param write the write's future
     */
    void track(String room, Future<Void> write) {
        pending.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(write);
        write.onComplete(ar -> pending.computeIfPresent(room, (r, writes) -> {
            writes.remove(write);
            return writes.isEmpty() ? null : writes;
        }));
    }

    /**
     * @param room a room
     * @return a future completed once every write of the room tracked so far has ended, stored or not; it may
     *     complete on any thread
     */
    Future<Void> settled(String room) {
        Set<Future<Void>> writes = pending.get(room);
        if (writes == null || writes.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.join(List.copyOf(writes)).<Void>mapEmpty().otherwiseEmpty();
    }
}
