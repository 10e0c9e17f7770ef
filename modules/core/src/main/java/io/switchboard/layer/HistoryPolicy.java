// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;

/**
 * How a group keeps its history: its latest {@code size} messages, each for {@code ttlSeconds}. Set per group name
 * pattern with {@link ChannelLayerOptions#putGroupHistory}.
 *
 * @param size the most messages kept, at least 1
 * @param ttlSeconds how long a message is kept, in seconds, at least 1
 */
public record HistoryPolicy(int size, long ttlSeconds) {

    /**
     * The most messages a group's history may keep: a reader recovering gets at most this many at once, and they
     * must fit below the messages a connection may have waiting (4096) with room for the live ones.
     */
    public static final int MAX_SIZE = 4_000;

    public HistoryPolicy {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("A group history keeps 1 to " + MAX_SIZE + " messages, was " + size);
        }
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("A group history keeps messages for 1 s or more, was " + ttlSeconds);
        }
    }

    /**
     * Reads a policy from the configuration: {@code {"size": messages, "ttl": seconds}}.
     *
     * @param glob the pattern it is for, named in errors
     * @param json the policy
     * @return the policy
     * @throws IllegalArgumentException naming the pattern and the key, for a missing, mistyped or out-of-range value
     */
    static HistoryPolicy fromJson(String glob, JsonObject json) {
        String where = "layer.groupHistory['" + glob + "']";
        if (!(json.getValue("size") instanceof Integer size)) {
            throw new IllegalArgumentException(where + ".size '" + json.getValue("size") + "' is not a whole number");
        }
        if (!(json.getValue("ttl") instanceof Number ttl) || ttl.doubleValue() != Math.rint(ttl.doubleValue())) {
            throw new IllegalArgumentException(where + ".ttl '" + json.getValue("ttl") + "' is not a whole number");
        }
        try {
            return new HistoryPolicy(size, ttl.longValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** @return the policy as the configuration writes it */
    JsonObject toJson() {
        return new JsonObject().put("size", size).put("ttl", ttlSeconds);
    }
}
