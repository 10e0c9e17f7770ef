// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.kernel.LocalGroups;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The group memberships this layer instance added (the kernel's {@link LocalGroups}, stamped with
 * {@link System#nanoTime()}), and the event-bus registration each group with a member here holds: the first member
 * registers the group's address, the last one leaving gives it back. There is no list of members anywhere else:
 * each process knows only its own. Thread-safe.
 */
final class GroupTable {

    private final LocalGroups groups;
    /** Per group with members here: completed once the cluster routes the group here. */
    private final Map<String, Promise<Void>> routed = new ConcurrentHashMap<>();
    /** Per group just emptied: its registration being given back, until done, for whoever emptied it to wait on. */
    private final Map<String, Future<Void>> released = new ConcurrentHashMap<>();

    private final long expiryNanos;

    GroupTable(long expiryNanos, Registrations registrations, Function<String, String> addressOf) {
        this.expiryNanos = expiryNanos;
        this.groups = new LocalGroups(new LocalGroups.Presence() {
            @Override
            public void created(String group) {
                Promise<Void> ready = Promise.promise();
                routed.put(group, ready);
                released.remove(group);
                registrations.acquire(addressOf.apply(group), ready);
            }

            @Override
            public void emptied(String group) {
                routed.remove(group);
                Future<Void> release = registrations.release(addressOf.apply(group));
                released.put(group, release);
                // once done there is nothing left to wait for: the entry goes, whoever emptied the group
                release.onComplete(done -> released.remove(group, release));
            }
        });
    }

    /** Adds or refreshes a membership; the future completes once the cluster routes the group here. */
    Future<Void> add(String group, String channel) {
        groups.add(group, channel, System.nanoTime());
        Promise<Void> ready = routed.get(group);
        // null: a concurrent discard emptied the group again, and this membership with it
        return ready == null ? Future.succeededFuture() : ready.future();
    }

    /**
     * Removes a membership if this instance holds it.
     *
     * @return {@code null} if it held no such membership, else a future completed once any registration the
     *     group no longer needs is gone
     */
    Future<Void> discard(String group, String channel) {
        if (!groups.discard(group, channel)) {
            return null;
        }
        Future<Void> release = released.remove(group);
        return release == null ? Future.succeededFuture() : release;
    }

    /** Removes a channel from every group this instance added it to. */
    Future<Void> removeChannel(String channel) {
        List<Future<Void>> releases = new ArrayList<>();
        for (String group : groups.groupsOf(channel)) {
            Future<Void> done = discard(group, channel);
            if (done != null) {
                releases.add(done);
            }
        }
        return Future.all(releases).mapEmpty();
    }

    /**
     * The live members of a group here; expired ones are removed on the way.
     *
     * @return the member channels, empty if the group has none here
     */
    List<String> members(String group) {
        long cutoff = System.nanoTime() - expiryNanos;
        List<String> live = new ArrayList<>();
        List<String> expired = new ArrayList<>(0);
        groups.forEachMember(group, (channel, joined) -> (joined - cutoff <= 0 ? expired : live).add(channel));
        expired.forEach(channel -> groups.discardIfBefore(group, channel, cutoff + 1));
        return live;
    }

    /** Removes every expired membership (the periodic sweep). */
    void sweep() {
        groups.sweep(System.nanoTime() - expiryNanos + 1);
    }

    /** Removes every membership (flush). */
    Future<Void> clear() {
        List<String> had = List.copyOf(groups.groups());
        groups.clear();
        List<Future<Void>> releases = new ArrayList<>();
        for (String group : had) {
            Future<Void> release = released.remove(group);
            if (release != null) {
                releases.add(release);
            }
        }
        return Future.all(releases).mapEmpty();
    }

    int groups() {
        return groups.groupCount();
    }

    int memberships() {
        return groups.membershipCount();
    }
}
