// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceCount;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room list of {@code /chat/}: the stored rooms and the rooms in use here, with head counts from the channel
 * layer's {@linkplain Presence presence}, so that they count every node's connections and go down as soon as a
 * connection ends, or its node dies. Also the rooms in use in this process, shared by every event loop, for the
 * group name their connections share and for the rooms without messages yet. Only rooms someone is in here have an
 * entry: the last one out removes it, so the table is as big as the rooms in use.
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
     * The room list of {@code /chat/}: the stored rooms, and the rooms people are in here that have no message yet,
     * each with its head count from presence: {@code members} is the connections in it (each open page counts; an
     * anonymous visitor has no name to count once), {@code users} the distinct user names among them. A room with
     * no message and nobody in it is left out.
     *
     * @param stored the rooms with messages: {@code [{"name", "messages", "lastActivity"}]}
     * @param presence the channel layer's presence
     * @return {@code [{"name", "members", "users", "messages", "lastActivity"}]}, busiest first, then most recently
     *     active; a count that cannot be read is 0
     */
    Future<JsonArray> list(List<JsonObject> stored, Presence presence) {
        Map<String, JsonObject> list = new LinkedHashMap<>();
        for (JsonObject room : stored) {
            list.put(room.getString("name"), room.copy());
        }
        rooms.forEach((name, here) -> list.computeIfAbsent(
                name,
                n -> new JsonObject().put("name", name).put("messages", 0).put("lastActivity", here.lastActivity())));
        List<Future<PresenceCount>> counts = new ArrayList<>();
        for (String name : list.keySet()) {
            counts.add(presence.count(group(name)).otherwise(PresenceCount.NONE));
        }
        return Future.join(counts).map(done -> {
            JsonArray sorted = new JsonArray();
            List<JsonObject> rows = new ArrayList<>(list.values());
            for (int i = 0; i < rows.size(); i++) {
                PresenceCount count = counts.get(i).result();
                rows.get(i).put("members", count.connections()).put("users", count.users());
            }
            rows.stream()
                    .filter(room -> room.getInteger("members") > 0 || room.getLong("messages") > 0)
                    .sorted(Comparator.comparing((JsonObject room) -> room.getInteger("members"))
                            .reversed()
                            .thenComparing(room -> -room.getLong("lastActivity")))
                    .forEach(sorted::add);
            return sorted;
        });
    }
}
