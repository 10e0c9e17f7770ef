// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import java.util.Arrays;
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
    /** Channel to its groups, copied on change: a channel is in one or two groups, and there is one per connection. */
    private final ConcurrentHashMap<String, String[]> memberOf = new ConcurrentHashMap<>();

    void add(String group, String channel, long now) {
        groups.compute(group, (g, members) -> {
            ConcurrentHashMap<String, Long> m = members == null ? new ConcurrentHashMap<>() : members;
            if (m.put(channel, now) == null) {
                memberOf.compute(channel, (c, in) -> {
                    if (in == null) {
                        return new String[] {group};
                    }
                    String[] grown = Arrays.copyOf(in, in.length + 1);
                    grown[in.length] = group;
                    return grown;
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
        String[] in = memberOf.get(channel);
        if (in != null) {
            for (String group : in) {
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
        memberOf.computeIfPresent(channel, (c, in) -> {
            int at = Arrays.asList(in).indexOf(group);
            if (at < 0) {
                return in;
            }
            if (in.length == 1) {
                return null;
            }
            String[] shrunk = new String[in.length - 1];
            System.arraycopy(in, 0, shrunk, 0, at);
            System.arraycopy(in, at + 1, shrunk, at, in.length - at - 1);
            return shrunk;
        });
    }
}
