// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The group memberships this layer instance added, with the time of each latest {@code groupAdd}. A group with at
 * least one member here holds one event-bus registration of the group's address; the last member leaving gives it
 * back. There is no list of members anywhere else: each process knows only its own.
 *
 * <p>Thread-safe. A membership and the reverse index (channel to groups) change together under the group's lock.
 */
final class LocalGroups {

    private static final class Group {
        final Map<String, Long> members = new ConcurrentHashMap<>();
        final Promise<Void> ready = Promise.promise();
    }

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsOf = new ConcurrentHashMap<>();
    private final AtomicInteger memberships = new AtomicInteger();
    private final long expiryNanos;
    private final Registrations registrations;
    private final Function<String, String> addressOf;

    LocalGroups(long expiryNanos, Registrations registrations, Function<String, String> addressOf) {
        this.expiryNanos = expiryNanos;
        this.registrations = registrations;
        this.addressOf = addressOf;
    }

    /** Adds or refreshes a membership; the future completes once the cluster routes the group here. */
    Future<Void> add(String group, String channel) {
        boolean[] created = {false};
        Group g = groups.compute(group, (name, current) -> {
            Group target = current;
            if (target == null) {
                target = new Group();
                created[0] = true;
            }
            if (target.members.put(channel, System.nanoTime()) == null) {
                memberships.incrementAndGet();
                groupsOf.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet())
                        .add(group);
            }
            return target;
        });
        if (created[0]) {
            registrations.acquire(addressOf.apply(group), g.ready);
        }
        return g.ready.future();
    }

    /**
     * Removes a membership if this instance holds it.
     *
     * @return {@code null} if it held no such membership, else a future completed once any registration the
     *     group no longer needs is gone
     */
    Future<Void> discard(String group, String channel) {
        return remove(group, channel, false, 0);
    }

    /** Removes a channel from every group this instance added it to. */
    Future<Void> removeChannel(String channel) {
        Set<String> of = groupsOf.get(channel);
        if (of == null) {
            return Future.succeededFuture();
        }
        List<Future<Void>> released = new ArrayList<>();
        for (String group : List.copyOf(of)) {
            Future<Void> done = discard(group, channel);
            if (done != null) {
                released.add(done);
            }
        }
        return Future.all(released).mapEmpty();
    }

    /**
     * The live members of a group here; expired ones are removed on the way.
     *
     * @return the member channels, empty if the group has none here
     */
    List<String> members(String group) {
        Group g = groups.get(group);
        if (g == null) {
            return List.of();
        }
        long now = System.nanoTime();
        List<String> live = new ArrayList<>(g.members.size());
        List<String> expired = null;
        for (Map.Entry<String, Long> e : g.members.entrySet()) {
            if (now - e.getValue() >= expiryNanos) {
                expired = expired == null ? new ArrayList<>() : expired;
                expired.add(e.getKey());
            } else {
                live.add(e.getKey());
            }
        }
        if (expired != null) {
            expired.forEach(channel -> discardIfExpired(group, channel, now));
        }
        return live;
    }

    /** Removes every expired membership (the periodic sweep). */
    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<String, Group> g : groups.entrySet()) {
            for (Map.Entry<String, Long> m : g.getValue().members.entrySet()) {
                if (now - m.getValue() >= expiryNanos) {
                    discardIfExpired(g.getKey(), m.getKey(), now);
                }
            }
        }
    }

    /** Removes every membership (flush). */
    Future<Void> clear() {
        List<Future<Void>> released = new ArrayList<>();
        for (String group : List.copyOf(groups.keySet())) {
            Group g = groups.get(group);
            if (g == null) {
                continue;
            }
            for (String channel : List.copyOf(g.members.keySet())) {
                Future<Void> done = discard(group, channel);
                if (done != null) {
                    released.add(done);
                }
            }
        }
        return Future.all(released).mapEmpty();
    }

    int groups() {
        return groups.size();
    }

    int memberships() {
        return memberships.get();
    }

    private void discardIfExpired(String group, String channel, long now) {
        remove(group, channel, true, now);
    }

    private Future<Void> remove(String group, String channel, boolean onlyIfExpired, long now) {
        boolean[] found = {false};
        boolean[] emptied = {false};
        groups.computeIfPresent(group, (name, g) -> {
            Long joined = g.members.get(channel);
            // a groupAdd may have refreshed an expired membership since it was seen
            if (joined != null && (!onlyIfExpired || now - joined >= expiryNanos)) {
                g.members.remove(channel);
                found[0] = true;
                memberships.decrementAndGet();
                groupsOf.computeIfPresent(channel, (c, set) -> {
                    set.remove(group);
                    return set.isEmpty() ? null : set;
                });
            }
            emptied[0] = g.members.isEmpty();
            return emptied[0] ? null : g;
        });
        if (!found[0]) {
            return null;
        }
        return emptied[0] ? registrations.release(addressOf.apply(group)) : Future.succeededFuture();
    }
}
