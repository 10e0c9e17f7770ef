// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.kernel.AbstractPresence;
import io.switchboard.layer.kernel.PresenceTable;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The memory layer's presence: one process, so a table per group in a map, changed under the map's bin lock. */
final class MemoryPresence extends AbstractPresence {

    private final Map<String, PresenceTable> groups = new ConcurrentHashMap<>();

    MemoryPresence(ChannelLayer layer, String node, ChannelLayerOptions options) {
        super(layer, node, options);
    }

    @Override
    protected Future<Boolean> put(String group, PresenceEntry entry, int max) {
        boolean[] stored = new boolean[1];
        groups.compute(group, (name, table) -> {
            PresenceTable here = table == null ? new PresenceTable() : table;
            stored[0] = here.put(entry.key(), entry.toJson().encode(), max);
            return here.isEmpty() ? null : here;
        });
        return Future.succeededFuture(stored[0]);
    }

    @Override
    protected Future<PresenceEntry> remove(String group, String key) {
        String[] removed = new String[1];
        groups.computeIfPresent(group, (name, table) -> {
            removed[0] = table.remove(key);
            return table.isEmpty() ? null : table;
        });
        return Future.succeededFuture(removed[0] == null ? null : PresenceTable.parse(removed[0]));
    }

    @Override
    protected Future<List<PresenceEntry>> entries(String group) {
        List<List<String>> texts = new ArrayList<>(1);
        // read under the bin's lock, which every change holds
        groups.computeIfPresent(group, (name, table) -> {
            texts.add(table.texts());
            return table;
        });
        return Future.succeededFuture(
                texts.isEmpty()
                        ? List.of()
                        : texts.get(0).stream().map(PresenceTable::parse).toList());
    }

    /** Forgets every entry, for a flush. */
    void clear() {
        groups.clear();
    }
}
