// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.kernel.GroupHistory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Appends one message to a group's history where the history lives, on the owner of its partition (and again, the
 * same way, on its backup): the offset is taken there, so it is one sequence for the whole cluster. A group with no
 * history gets one with the epoch the caller drew. A message with a key that a held message has is refused, on
 * both alike. Times are wall-clock milliseconds.
 */
final class AppendToHistory implements EntryProcessor<String, GroupHistory, AppendToHistory.Position> {

    private static final long serialVersionUID = 1L;

    /** Where the message went: its offset in the group's history, and the history's epoch. */
    record Position(long offset, String epoch) implements Serializable {}

    private final String group;
    private final String key;
    private final String json;
    private final int size;
    private final long ttlMillis;
    private final long now;
    private final String newEpoch;

    /**
     * @param key the message's key, or {@code null} for none
     * @param json the message as sent
     */
    AppendToHistory(String group, String key, String json, int size, long ttlMillis, long now, String newEpoch) {
        this.group = group;
        this.key = key;
        this.json = json;
        this.size = size;
        this.ttlMillis = ttlMillis;
        this.now = now;
        this.newEpoch = newEpoch;
    }

    /** @return the message's position, or {@code null} if a held message has its key */
    @Override
    public Position process(Map.Entry<String, GroupHistory> entry) {
        GroupHistory history = entry.getValue();
        if (history == null) {
            history = new GroupHistory(newEpoch, size, ttlMillis, now);
        }
        JsonObject kept = history.append(
                key, position -> FrozenJson.stamped(position, group, FrozenJson.decode(Buffer.buffer(json))), now);
        if (kept == null) {
            return null;
        }
        // the entry goes once its messages have expired and a further time to live has passed, as a history does
        ((ExtendedMapEntry<String, GroupHistory>) entry).setValue(history, 2 * ttlMillis, TimeUnit.MILLISECONDS);
        return new Position(history.top().offset(), history.epoch());
    }
}
