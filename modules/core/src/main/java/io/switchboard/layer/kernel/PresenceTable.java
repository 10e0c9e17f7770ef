// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.PresenceEntry;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The presence entries of one group, oldest first, at most a given number: the memory layer's table and the value a
 * cluster keeps per group. Entries are kept as JSON text by {@link PresenceEntry#key()}, so a table is {@link
 * Serializable} and cheap to copy to a backup. Not thread-safe: its owner serialises access (a lock, an entry
 * processor).
 */
public final class PresenceTable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>();

    /**
     * Lists an entry, or replaces the entry of the same connection and node.
     *
     * @param key the entry's {@link PresenceEntry#key()}
     * @param json the entry's JSON text
     * @param max the most entries the group lists
     * @return whether it is listed: {@code false} when it is new and the table holds {@code max}
     */
    public boolean put(String key, String json, int max) {
        if (!entries.containsKey(key) && entries.size() >= max) {
            return false;
        }
        entries.put(key, json);
        return true;
    }

    /**
     * Removes an entry.
     *
     * @param key the entry's key
     * @return its JSON text, or {@code null} if it was not listed
     */
    public String remove(String key) {
        return entries.remove(key);
    }

    /**
     * Removes the entries of the nodes a test picks, for example those of a node that died.
     *
     * @param node picks a node by its id
     * @return the JSON text of the removed entries
     */
    public List<String> removeNodes(Predicate<String> node) {
        List<String> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, String>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> entry = it.next();
            if (node.test(nodeOf(entry.getKey()))) {
                removed.add(entry.getValue());
                it.remove();
            }
        }
        return removed;
    }

    /** @return whether nothing is listed */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the entries, oldest first */
    public List<PresenceEntry> entries() {
        return entries.values().stream().map(PresenceTable::parse).toList();
    }

    /** @return the JSON text of the entries, oldest first */
    public List<String> texts() {
        return List.copyOf(entries.values());
    }

    /**
     * @param json an entry's JSON text
     * @return the entry
     */
    public static PresenceEntry parse(String json) {
        return PresenceEntry.fromJson(new JsonObject(json));
    }

    /** The node of a key: the key is {@code node/connectionId}, and a node id holds no '/'. */
    private static String nodeOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
