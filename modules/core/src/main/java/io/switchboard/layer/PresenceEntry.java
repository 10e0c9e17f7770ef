// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One connection present in a group: who it is, which connection, on which node, since when, with what the
 * application put beside it. Entries are made by {@link Presence#track}; read them with {@link Presence#list}.
 *
 * @param user the user as the application names it, for example a username
 * @param connectionId the connection's id, unique on its node (for example {@code c-42})
 * @param node the node the connection is on: the process's id in the layer ({@link Presence#node()})
 * @param joinedAt when it was tracked, in milliseconds since the epoch, by the tracking node's clock
 * @param meta what the application keeps beside it, read-only, at most {@code layer.presenceMaxMeta} bytes encoded
 */
public record PresenceEntry(String user, String connectionId, String node, long joinedAt, JsonObject meta) {

    public PresenceEntry {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(node, "node");
        meta = meta == null ? new JsonObject() : meta;
    }

    /** @return the entry's key in its group: one entry per connection and node */
    public String key() {
        return node + "/" + connectionId;
    }

    /**
     * The JSON form, as join and leave messages carry it and backends store it.
     *
     * @return {@code {"user", "connectionId", "node", "joinedAt", "meta"}}
     */
    public JsonObject toJson() {
        return new JsonObject()
                .put("user", user)
                .put("connectionId", connectionId)
                .put("node", node)
                .put("joinedAt", joinedAt)
                .put("meta", meta);
    }

    /**
     * Reads the JSON form of {@link #toJson()}.
     *
     * @param json the entry's JSON
     * @return the entry
     * @throws IllegalArgumentException if a field is missing or of the wrong type
     */
    public static PresenceEntry fromJson(JsonObject json) {
        try {
            return new PresenceEntry(
                    json.getString("user"),
                    json.getString("connectionId"),
                    json.getString("node"),
                    json.getLong("joinedAt", 0L),
                    json.getJsonObject("meta"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a presence entry: " + json.encode(), e);
        }
    }
}
