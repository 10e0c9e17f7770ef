// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.layer.kernel.PresenceTable;
import java.util.ArrayList;
import java.util.Map;

/** Reads a group's presence table where it lives: a copy of its entries, so no caller shares the stored table. */
final class ListPresence implements EntryProcessor<String, PresenceTable, ArrayList<String>> {

    private static final long serialVersionUID = 1L;

    @Override
    public ArrayList<String> process(Map.Entry<String, PresenceTable> entry) {
        PresenceTable table = entry.getValue();
        return table == null ? new ArrayList<>() : new ArrayList<>(table.texts());
    }

    @Override
    public EntryProcessor<String, PresenceTable, ArrayList<String>> getBackupProcessor() {
        return null; // a read changes nothing to back up
    }
}
