// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room in this process, for the room list on {@code /chat/}. Shared by every event loop. Rooms
 * nobody is in are forgotten once more than {@value #REMEMBERED} rooms are known.
 */
public final class Rooms {

    private static final int REMEMBERED = 200;

    private record Room(int members, long lastActivity) {}

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    void joined(String room) {
        rooms.merge(
                room, new Room(1, System.currentTimeMillis()), (a, b) -> new Room(a.members() + 1, b.lastActivity()));
        if (rooms.size() > REMEMBERED) {
            rooms.values().removeIf(r -> r.members() == 0);
        }
    }

    void left(String room) {
        rooms.computeIfPresent(room, (k, r) -> new Room(Math.max(0, r.members() - 1), r.lastActivity()));
    }

    void active(String room) {
        rooms.computeIfPresent(room, (k, r) -> new Room(r.members(), System.currentTimeMillis()));
    }

    /** @return the rooms, busiest first: {@code [{"name", "members", "lastActivity"}]} */
    JsonArray toJson() {
        JsonArray list = new JsonArray();
        rooms.entrySet().stream()
                .sorted(Comparator.comparing(
                                (Map.Entry<String, Room> e) -> e.getValue().members())
                        .reversed()
                        .thenComparing(e -> -e.getValue().lastActivity()))
                .forEach(e -> list.add(new JsonObject()
                        .put("name", e.getKey())
                        .put("members", e.getValue().members())
                        .put("lastActivity", e.getValue().lastActivity())));
        return list;
    }
}
