// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Where a message stands in a group's history: its offset, counted from 1 and increasing by one per message sent
 * to the group, and the epoch of the history it belongs to. An epoch names one unbroken history: when a history is
 * lost (a Redis restarted empty, a memory layer restarted), the group gets a new epoch, and positions of the old
 * one no longer recover anything.
 *
 * @param offset the message's offset in the group; 0 before the first message
 * @param epoch the history's epoch, short text chosen by the backend
 */
public record StreamPosition(long offset, String epoch) {

    /** The key under which a group message carries its offset; reserved, as Channels reserves its own keys. */
    public static final String OFFSET_KEY = "__offset__";
    /** The key under which a group message carries its epoch. */
    public static final String EPOCH_KEY = "__epoch__";

    public StreamPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("A stream offset is 0 or more, was " + offset);
        }
        Objects.requireNonNull(epoch, "epoch");
    }

    /**
     * The position a group message carries.
     *
     * @param message a message received from a group
     * @return its position, or {@code null} if the group keeps no history
     */
    public static StreamPosition of(JsonObject message) {
        Object offset = message.getValue(OFFSET_KEY);
        Object epoch = message.getValue(EPOCH_KEY);
        if (offset instanceof Number number && epoch instanceof String text) {
            return new StreamPosition(number.longValue(), text);
        }
        return null;
    }

    /**
     * Stamps this position into a message.
     *
     * @param message the message as sent
     * @return a copy carrying {@link #OFFSET_KEY} and {@link #EPOCH_KEY}
     */
    public JsonObject stamp(JsonObject message) {
        return message.copy().put(OFFSET_KEY, offset).put(EPOCH_KEY, epoch);
    }
}
