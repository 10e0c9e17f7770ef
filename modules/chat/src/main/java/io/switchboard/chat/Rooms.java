// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room in this process, for the head counts of the room list on {@code /chat/}. Shared by every event loop. Rooms
 * nobody is in are forgotten once more than {@value #REMEMBERED} rooms are known.
 */
final class Rooms {

    private static final int REMEMBERED = 200;
    /** Room names whose group name is shared; past this, a connection to a new room gets its own string. */
    private static final int SHARED_GROUP_NAMES = 10_000;

    private record Room(int members, long lastActivity) {}

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, String> groups = new ConcurrentHashMap<>();

    /**
     * The group of a room, {@code chat_<room>}. A connection keeps its group's name for its life: the connections of
     * a room share one string.
     *
     * @param room the room's name
     * @return its group's name
     */
    String group(String room) {
        String group = groups.get(room);
        if (group != null) {
            return group;
        }
        group = "chat_" + room;
        if (groups.size() < SHARED_GROUP_NAMES) {
            String earlier = groups.putIfAbsent(room, group);
            return earlier != null ? earlier : group;
        }
        return group;
    }

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

    /**
     * The room list of {@code /chat/}: the stored rooms with this process's head counts, and the rooms people are
     * in that have no message yet.
     *
     * @param stored the rooms with messages: {@code [{"name", "messages", "lastActivity"}]}
     * @return {@code [{"name", "members", "messages", "lastActivity"}]}, busiest first, then most recently active
     */
    JsonArray list(List<JsonObject> stored) {
        Map<String, JsonObject> list = new LinkedHashMap<>();
        for (JsonObject room : stored) {
            Room here = rooms.get(room.getString("name"));
            list.put(room.getString("name"), room.copy().put("members", here == null ? 0 : here.members()));
        }
        rooms.forEach((name, here) -> {
            if (here.members() > 0 && !list.containsKey(name)) {
                list.put(
                        name,
                        new JsonObject()
                                .put("name", name)
                                .put("members", here.members())
                                .put("messages", 0)
                                .put("lastActivity", here.lastActivity()));
            }
        });
        JsonArray sorted = new JsonArray();
        list.values().stream()
                .sorted(Comparator.comparing((JsonObject room) -> room.getInteger("members"))
                        .reversed()
                        .thenComparing(room -> -room.getLong("lastActivity")))
                .forEach(sorted::add);
        return sorted;
    }
}
