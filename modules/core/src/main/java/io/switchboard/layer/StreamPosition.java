// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The key under which a message to a group with a history carries its group, offset and epoch, as
     * {@code {"group": ..., "offset": ..., "epoch": ...}}. Reserved, as Channels reserves {@code __asgi_channel__}:
     * only the layer sets it.
     */
    public static final String KEY = "__stream__";

    /** What a message's {@link #KEY} entry says, read once per message: every member of a busy group asks. */
    private record Stamp(String group, StreamPosition position, boolean lost) {
        static final Stamp NONE = new Stamp(null, null, false);
    }

    private static final Object STAMP = new Object();

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
     * @return its position, or {@code null} if its group keeps no history
     */
    public static StreamPosition of(JsonObject message) {
        return stampOf(message).position();
    }

    /**
     * The {@code __stream__} entry of a message, read without the wrapping {@link JsonObject#getValue} does: a
     * connection reads it for every message of a busy group.
     *
     * @param message a message received
     * @return the entry as a map, or {@code null} if the message has none
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> streamOf(JsonObject message) {
        Object stream = message.getMap().get(KEY);
        if (stream instanceof JsonObject json) {
            return json.getMap();
        }
        return stream instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /**
     * Whether a message is the layer's loss marker: a reader's mailbox had to drop numbered messages (it was full),
     * and the reader should read the histories of its groups from its positions. The marker holds only
     * {@code "__stream__": {"lost": true}}.
     *
     * @param message a message received
     * @return whether it is the loss marker
     */
    public static boolean isLossMarker(JsonObject message) {
        return stampOf(message).lost();
    }

    /**
     * The group whose history numbered a message.
     *
     * @param message a message received from a group
     * @return the group, or {@code null} if the message carries no position
     */
    public static String groupOf(JsonObject message) {
        return stampOf(message).group();
    }

    /** Reads a message's stamp, remembered on a frozen message ({@link MessageMemo}). */
    private static Stamp stampOf(JsonObject message) {
        return MessageMemo.of(message, STAMP, () -> readStamp(message));
    }

    private static Stamp readStamp(JsonObject message) {
        Map<String, Object> stream = streamOf(message);
        if (stream == null) {
            return Stamp.NONE;
        }
        StreamPosition position = stream.get("offset") instanceof Number offset
                        && offset.longValue() >= 0
                        && stream.get("epoch") instanceof String epoch
                ? new StreamPosition(offset.longValue(), epoch)
                : null;
        return new Stamp(
                stream.get("group") instanceof String group ? group : null,
                position,
                Boolean.TRUE.equals(stream.get("lost")));
    }

    /**
     * Stamps this position into a message.
     *
     * @param group the group whose history numbered the message
     * @param message the message as sent
     * @return a shallow copy carrying {@link #KEY}: nested objects are the message's own
     */
    public JsonObject stamp(String group, JsonObject message) {
        return new JsonObject(new LinkedHashMap<>(message.getMap()))
                .put(
                        KEY,
                        new JsonObject()
                                .put("group", group)
                                .put("offset", offset)
                                .put("epoch", epoch));
    }
}
