// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.layer.kernel.PresenceTable;
import java.util.Map;

/** Lists one entry in a group's presence table where the table lives, unless the group is full. */
final class PutPresence implements EntryProcessor<String, PresenceTable, Boolean> {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String json;
    private final int max;

    PutPresence(String key, String json, int max) {
        this.key = key;
        this.json = json;
        this.max = max;
    }

    @Override
    public Boolean process(Map.Entry<String, PresenceTable> entry) {
        PresenceTable table = entry.getValue() == null ? new PresenceTable() : entry.getValue();
        boolean stored = table.put(key, json, max);
        if (stored) {
            entry.setValue(table);
        }
        return stored;
    }
}
