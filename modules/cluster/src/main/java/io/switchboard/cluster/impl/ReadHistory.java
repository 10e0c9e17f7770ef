// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.kernel.FrozenJson;
import io.switchboard.layer.kernel.GroupHistory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a group's history after a position, where the history lives. A group with no history gets one with the
 * epoch the caller drew, so that a reader always learns an epoch the group's next messages will carry. The answer
 * travels as JSON text.
 */
final class ReadHistory implements EntryProcessor<String, GroupHistory, ReadHistory.Answer> {

    private static final long serialVersionUID = 1L;

    /**
     * A {@link HistoryRead} on its way between members.
     *
     * @param reason why the messages cannot be given, or {@code null} when they are
     * @param offset the group's last offset
     * @param epoch the group's epoch
     * @param messages the missed messages, as JSON text, in order
     */
    record Answer(String reason, long offset, String epoch, List<String> messages) implements Serializable {

        HistoryRead toRead() {
            StreamPosition top = new StreamPosition(offset, epoch);
            if (reason != null) {
                return new NotRecovered(reason, top);
            }
            return new Recovered(
                    messages.stream()
                            .map(text -> FrozenJson.decode(Buffer.buffer(text)))
                            .toList(),
                    top);
        }
    }

    /** Whether this read made the group's history: only then has the backup anything to do. */
    private transient boolean created;

    private final long sinceOffset;
    private final String sinceEpoch;
    private final int size;
    private final long ttlMillis;
    private final long now;
    private final String newEpoch;

    /**
     * @param since the reader's position, or {@code null} for the group's position only
     */
    ReadHistory(StreamPosition since, int size, long ttlMillis, long now, String newEpoch) {
        this.sinceOffset = since == null ? -1 : since.offset();
        this.sinceEpoch = since == null ? null : since.epoch();
        this.size = size;
        this.ttlMillis = ttlMillis;
        this.now = now;
        this.newEpoch = newEpoch;
    }

    /**
     * The backup makes the same history when this read made one, from the same epoch and time; a read that found a
     * history changed nothing the backup needs, and would only repeat the work of the read.
     */
    @Override
    public EntryProcessor<String, GroupHistory, Answer> getBackupProcessor() {
        return created ? this : null;
    }

    @Override
    public Answer process(Map.Entry<String, GroupHistory> entry) {
        GroupHistory history = entry.getValue();
        if (history == null) {
            history = new GroupHistory(newEpoch, size, ttlMillis, now);
            ((ExtendedMapEntry<String, GroupHistory>) entry).setValue(history, 2 * ttlMillis, TimeUnit.MILLISECONDS);
            created = true;
        }
        if (sinceEpoch == null) {
            StreamPosition top = history.top();
            return new Answer(null, top.offset(), top.epoch(), List.of());
        }
        HistoryRead read = history.since(new StreamPosition(sinceOffset, sinceEpoch), now);
        if (read instanceof NotRecovered notRecovered) {
            return new Answer(
                    notRecovered.reason(), read.top().offset(), read.top().epoch(), List.of());
        }
        List<String> messages =
                ((Recovered) read).messages().stream().map(JsonObject::encode).toList();
        return new Answer(null, read.top().offset(), read.top().epoch(), messages);
    }
}
