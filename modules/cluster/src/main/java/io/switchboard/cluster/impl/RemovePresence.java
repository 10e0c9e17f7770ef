// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.layer.kernel.PresenceTable;
import java.util.Map;

/** Removes one entry from a group's presence table; the table goes with its last entry. */
final class RemovePresence implements EntryProcessor<String, PresenceTable, String> {

    private static final long serialVersionUID = 1L;

    private final String key;

    RemovePresence(String key) {
        this.key = key;
    }

    @Override
    public String process(Map.Entry<String, PresenceTable> entry) {
        PresenceTable table = entry.getValue();
        if (table == null) {
            return null;
        }
        String removed = table.remove(key);
        if (removed != null) {
            entry.setValue(table.isEmpty() ? null : table);
        }
        return removed;
    }
}
