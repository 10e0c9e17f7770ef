// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group memberships this layer instance added, with the time of the latest add: what {@code cancel()} removes,
 * what is restored after Redis lost its data, and (pub/sub) where group messages fan out. Written on the layer
 * context; concurrent maps so that {@code stats()} may read sizes from anywhere.
 */
final class Memberships {

    /** One membership and the Unix time of its latest add, in microseconds. */
    record Entry(String group, String channel, long addedMicros) {}

    private final Map<String, Map<String, Long>> byGroup = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> byChannel = new ConcurrentHashMap<>();

    void add(String group, String channel, long addedMicros) {
        byGroup.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(channel, addedMicros);
        byChannel.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(group, addedMicros);
    }

    /** @return whether the membership was known */
    boolean remove(String group, String channel) {
        Map<String, Long> members = byGroup.get(group);
        boolean known = members != null && members.remove(channel) != null;
        if (members != null && members.isEmpty()) {
            byGroup.remove(group);
        }
        Map<String, Long> groups = byChannel.get(channel);
        if (groups != null) {
            groups.remove(group);
            if (groups.isEmpty()) {
                byChannel.remove(channel);
            }
        }
        return known;
    }

    Set<String> groupsOf(String channel) {
        Map<String, Long> groups = byChannel.get(channel);
        return groups == null ? Set.of() : Set.copyOf(groups.keySet());
    }

    Set<String> membersOf(String group) {
        Map<String, Long> members = byGroup.get(group);
        return members == null ? Set.of() : Set.copyOf(members.keySet());
    }

    boolean hasGroup(String group) {
        return byGroup.containsKey(group);
    }

    Set<String> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    List<Entry> entries() {
        Map<String, Entry> all = new LinkedHashMap<>();
        byGroup.forEach((group, members) -> members.forEach(
                (channel, micros) -> all.put(group + "\u0000" + channel, new Entry(group, channel, micros))));
        return List.copyOf(all.values());
    }

    int groupCount() {
        return byGroup.size();
    }

    int count() {
        int count = 0;
        for (Map<String, Long> members : byGroup.values()) {
            count += members.size();
        }
        return count;
    }

    /** Forgets memberships whose latest add is older than the cutoff (they expired in Redis). */
    void removeOlderThan(long cutoffMicros) {
        for (Entry entry : entries()) {
            if (entry.addedMicros() < cutoffMicros) {
                remove(entry.group(), entry.channel());
            }
        }
    }

    void clear() {
        byGroup.clear();
        byChannel.clear();
    }
}
