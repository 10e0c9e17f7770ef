// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Group memberships of the memory layer: group to channel to join time ({@link System#nanoTime()}), plus the
 * reverse index channel to groups so that a channel leaves all its groups without a scan. Every change to a
 * group runs inside that group's {@link ConcurrentHashMap#compute} (which also updates the reverse index), so
 * an emptied group is deleted without losing a concurrent add.
 */
final class MemoryGroups {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> memberOf = new ConcurrentHashMap<>();

    void add(String group, String channel, long now) {
        groups.compute(group, (g, members) -> {
            ConcurrentHashMap<String, Long> m = members == null ? new ConcurrentHashMap<>() : members;
            if (m.put(channel, now) == null) {
                memberOf.compute(channel, (c, set) -> {
                    Set<String> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                    s.add(group);
                    return s;
                });
            }
            return m;
        });
    }

    void discard(String group, String channel) {
        groups.computeIfPresent(group, (g, members) -> {
            if (members.remove(channel) != null) {
                unlink(channel, group);
            }
            return members.isEmpty() ? null : members;
        });
    }

    /** Removes a membership only if it was last refreshed before {@code cutoff}, so a fresh groupAdd wins. */
    void discardIfJoinedBefore(String group, String channel, long cutoff) {
        groups.computeIfPresent(group, (g, members) -> {
            Long joined = members.get(channel);
            if (joined != null && joined - cutoff < 0) {
                members.remove(channel);
                unlink(channel, group);
            }
            return members.isEmpty() ? null : members;
        });
    }

    /** Takes a channel out of every group it is in. */
    void removeChannel(String channel) {
        Set<String> in = memberOf.get(channel);
        if (in != null) {
            for (String group : in.toArray(new String[0])) {
                discard(group, channel);
            }
        }
    }

    /** Calls {@code action} with each member and its join time; no allocation per member. */
    void forEachMember(String group, BiConsumer<String, Long> action) {
        ConcurrentHashMap<String, Long> members = groups.get(group);
        if (members != null) {
            members.forEach(action);
        }
    }

    /** Drops every membership last refreshed before {@code cutoff}. */
    void sweep(long cutoff) {
        groups.forEach((group, members) -> members.forEach((channel, joined) -> {
            if (joined - cutoff < 0) {
                discardIfJoinedBefore(group, channel, cutoff);
            }
        }));
    }

    void clear() {
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (g, members) -> {
                members.keySet().forEach(channel -> unlink(channel, group));
                return null;
            });
        }
    }

    int groupCount() {
        return groups.size();
    }

    int membershipCount() {
        int count = 0;
        for (ConcurrentHashMap<String, Long> members : groups.values()) {
            count += members.size();
        }
        return count;
    }

    private void unlink(String channel, String group) {
        memberOf.computeIfPresent(channel, (c, set) -> {
            set.remove(group);
            return set.isEmpty() ? null : set;
        });
    }
}
