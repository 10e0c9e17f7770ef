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
 * Who is in which room in this process, for the head counts of the room list on {@code /chat/}. Shared by every
 * event loop. Only rooms someone is in have an entry: the last one out removes it (the stored rooms come from the
 * database), so the table is as big as the rooms in use.
 */
final class Rooms {

    /** A room in use: its members, its latest message here, and the group name its connections share. */
    private record Room(int members, long lastActivity, String group) {}

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    /** What every room's group name starts with. */
    static final String GROUP_PREFIX = "chat_";

    /**
     * The group of a room, {@code chat_<room>}. The connections of a room in use share one string, which they keep
     * for their lives.
     *
     * @param room the room's name
     * @return its group's name
     */
    String group(String room) {
        Room here = rooms.get(room);
        return here != null ? here.group() : GROUP_PREFIX + room;
    }

    /**
     * Someone entered a room.
     *
     * @param room the room
     * @param group the group name from {@link #group}, shared from now on if the room was empty
     */
    void joined(String room, String group) {
        rooms.merge(
                room,
                new Room(1, System.currentTimeMillis(), group),
                (here, first) -> new Room(here.members() + 1, here.lastActivity(), here.group()));
    }

    /**
     * Someone left a room; the room's entry goes with its last member.
     *
     * @param room the room
     */
    void left(String room) {
        rooms.computeIfPresent(
                room,
                (k, here) ->
                        here.members() <= 1 ? null : new Room(here.members() - 1, here.lastActivity(), here.group()));
    }

    void active(String room) {
        rooms.computeIfPresent(room, (k, here) -> new Room(here.members(), System.currentTimeMillis(), here.group()));
    }

    /** @return the rooms in use, for tests */
    int size() {
        return rooms.size();
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
            if (!list.containsKey(name)) {
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
