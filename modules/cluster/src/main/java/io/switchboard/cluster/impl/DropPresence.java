// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.layer.kernel.PresenceTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Removes from a group the entries of nodes that are gone: a Hazelcast member that left the cluster (a node id
 * starts with its member's uuid and a '.'), or one layer instance that closed. Run on every entry of the map, by
 * every member that heard of the loss; each removed entry is returned once, to the run that removed it, which sends
 * its leave event.
 */
final class DropPresence implements EntryProcessor<String, PresenceTable, ArrayList<String>> {

    private static final long serialVersionUID = 1L;

    private final HashSet<String> gone;

    /** @param gone uuids of members that left, or node ids of layer instances that closed */
    DropPresence(Set<String> gone) {
        this.gone = new HashSet<>(gone);
    }

    @Override
    public ArrayList<String> process(Map.Entry<String, PresenceTable> entry) {
        PresenceTable table = entry.getValue();
        if (table == null) {
            return null;
        }
        ArrayList<String> removed = new ArrayList<>(table.removeNodes(node -> {
            int dot = node.indexOf('.');
            return gone.contains(node) || (dot > 0 && gone.contains(node.substring(0, dot)));
        }));
        if (removed.isEmpty()) {
            return null;
        }
        entry.setValue(table.isEmpty() ? null : table);
        return removed;
    }
}
