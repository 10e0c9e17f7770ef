// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The group memberships a layer instance knows in this process: group to channel to the stamp of its latest add
 * (the backend's clock: {@link System#nanoTime()} or Redis' microseconds), and the reverse index channel to groups,
 * so that a channel leaves all its groups without a scan. Every change to a group runs inside that group's
 * {@link ConcurrentHashMap#compute}, which also updates the reverse index, so an emptied group is deleted without
 * losing a concurrent add. Thread-safe; nothing blocks.
 */
public final class LocalGroups {

    /**
     * Told when a group gains its first member here or loses its last: a backend that routes groups to processes
     * registers and unregisters there. Called inside the group's update, so the two alternate for one group; it
     * must return at once.
     */
    public interface Presence {
        /** @param group a group that has its first member here */
        default void created(String group) {}

        /** @param group a group whose last member here left */
        default void emptied(String group) {}
    }

    /** One membership and the stamp of its latest add. */
    public record Membership(String group, String channel, long stamp) {}

    private static final Presence NOBODY = new Presence() {};

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups = new ConcurrentHashMap<>();
    /** Channel to its groups, copied on change: a channel is in one or two groups, and there is one per connection. */
    private final ConcurrentHashMap<String, String[]> memberOf = new ConcurrentHashMap<>();

    private final AtomicInteger memberships = new AtomicInteger();
    private final Presence presence;

    /** Makes an empty table that tells nobody of groups coming and going. */
    public LocalGroups() {
        this(NOBODY);
    }

    /** @param presence told when a group gains its first member or loses its last */
    public LocalGroups(Presence presence) {
        this.presence = Objects.requireNonNull(presence, "presence");
    }

    /**
     * Adds a membership or refreshes its stamp.
     *
     * @return whether the channel was not a member before
     */
    public boolean add(String group, String channel, long stamp) {
        boolean[] added = {false};
        groups.compute(group, (g, members) -> {
            ConcurrentHashMap<String, Long> m = members;
            if (m == null) {
                m = new ConcurrentHashMap<>();
                presence.created(group);
            }
            if (m.put(channel, stamp) == null) {
                added[0] = true;
                memberships.incrementAndGet();
                link(channel, group);
            }
            return m;
        });
        return added[0];
    }

    /** @return whether the channel was a member */
    public boolean discard(String group, String channel) {
        return remove(group, channel, false, 0);
    }

    /**
     * Removes a membership only if its latest add is stamped before {@code cutoff}, so that a fresh add wins.
     *
     * @return whether it was removed
     */
    public boolean discardIfBefore(String group, String channel, long cutoff) {
        return remove(group, channel, true, cutoff);
    }

    /**
     * Takes a channel out of every group it is in.
     *
     * @return how many memberships it had
     */
    public int removeChannel(String channel) {
        String[] in = memberOf.get(channel);
        int removed = 0;
        if (in != null) {
            for (String group : in) {
                if (discard(group, channel)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Calls {@code action} with each member and its stamp; no allocation per member. */
    public void forEachMember(String group, BiConsumer<String, Long> action) {
        ConcurrentHashMap<String, Long> members = groups.get(group);
        if (members != null) {
            members.forEach(action);
        }
    }

    /** @return a copy of the group's members here */
    public Set<String> members(String group) {
        ConcurrentHashMap<String, Long> members = groups.get(group);
        return members == null ? Set.of() : Set.copyOf(members.keySet());
    }

    /** @return a copy of the groups the channel is in */
    public Set<String> groupsOf(String channel) {
        String[] in = memberOf.get(channel);
        return in == null ? Set.of() : Set.of(in);
    }

    /** @return whether the group has a member here */
    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /** @return a copy of the groups with a member here */
    public Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    /** @return a copy of every membership */
    public List<Membership> entries() {
        List<Membership> all = new ArrayList<>(memberships.get());
        groups.forEach((group, members) ->
                members.forEach((channel, stamp) -> all.add(new Membership(group, channel, stamp))));
        return all;
    }

    /**
     * Drops every membership whose latest add is stamped before {@code cutoff}.
     *
     * @return how many went
     */
    public int sweep(long cutoff) {
        int[] removed = {0};
        groups.forEach((group, members) -> members.forEach((channel, stamp) -> {
            if (stamp - cutoff < 0 && discardIfBefore(group, channel, cutoff)) {
                removed[0]++;
            }
        }));
        return removed[0];
    }

    /** Drops every membership. */
    public void clear() {
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (g, members) -> {
                members.keySet().forEach(channel -> unlink(channel, group));
                memberships.addAndGet(-members.size());
                presence.emptied(group);
                return null;
            });
        }
    }

    /** @return groups with a member here */
    public int groupCount() {
        return groups.size();
    }

    /** @return memberships here */
    public int membershipCount() {
        return memberships.get();
    }

    private boolean remove(String group, String channel, boolean onlyIfBefore, long cutoff) {
        boolean[] removed = {false};
        groups.computeIfPresent(group, (g, members) -> {
            Long stamp = members.get(channel);
            if (stamp != null && (!onlyIfBefore || stamp - cutoff < 0)) {
                members.remove(channel);
                removed[0] = true;
                memberships.decrementAndGet();
                unlink(channel, group);
            }
            if (members.isEmpty()) {
                presence.emptied(group);
                return null;
            }
            return members;
        });
        return removed[0];
    }

    private void link(String channel, String group) {
        memberOf.compute(channel, (c, in) -> {
            if (in == null) {
                return new String[] {group};
            }
            String[] grown = Arrays.copyOf(in, in.length + 1);
            grown[in.length] = group;
            return grown;
        });
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
