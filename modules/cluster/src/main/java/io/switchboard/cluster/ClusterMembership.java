// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.cluster.impl.QuorumRule;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node is in its cluster or cut off from it. A node frozen for longer than {@code memberTimeout}, or
 * on the small side of a network split, is dropped by the others and goes on as a cluster of its own: it delivers
 * nothing across nodes, and its clients would hear nothing from the rest. It counts as cut off when it sees fewer
 * members than {@code cluster.quorum} (by default a majority of the most it has seen); then it should stop serving,
 * so that its clients reconnect to the healthy part and recover there. Hazelcast merges it back once it reaches
 * the others, and it serves again.
 *
 * <p>A member that stops on purpose says so first ({@link #leave}), so that scaling down does not count as a split.
 *
 * <pre>{@code
 * ClusterMembership membership = ClusterMembership.watch(vertx, clusterOptions);
 * membership.onChange(cutOff -> { if (cutOff) availability.suspend("cut off from its cluster"); });
 * }</pre>
 */
public final class ClusterMembership {

    /** The map where stopping members note their departure, so the others' quorum shrinks. */
    static final String DEPARTURES = "switchboard.departures";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    private static final long CHECK_MILLIS = 500;
    private static final long DEPARTURE_SECONDS = 60;

    private final HazelcastInstance hazelcast;
    private final IMap<UUID, Boolean> departures;
    private final Context context;
    private final QuorumRule rule;
    private final List<Handler<Boolean>> handlers = new CopyOnWriteArrayList<>();
    private final UUID listener;
    private final long timer;
    private final Vertx vertx;
    /** Removals whose departure is being looked up: until they are known, nothing is decided. Guarded by this. */
    private int lookups;

    private volatile int members;
    private volatile boolean cutOff;

    private ClusterMembership(Vertx vertx, ClusterOptions options) {
        this.vertx = vertx;
        this.hazelcast = ClusteredVertx.hazelcast(vertx);
        this.departures = hazelcast.getMap(DEPARTURES);
        this.context = vertx.getOrCreateContext();
        this.rule = new QuorumRule(options.getQuorum());
        this.listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info(
                        "Member {} joined: {} member(s)",
                        event.getMember().getAddress(),
                        event.getMembers().size());
                check();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                removed(event.getMember(), event.getMembers().size());
            }
        });
        // Hazelcast's own view may change without an event (a merge resets it): look again now and then
        this.timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
        check();
    }

    /**
     * Starts watching the membership of a node started by {@link ClusteredVertx#start}.
     *
     * @param vertx a Vert.x clustered with Hazelcast
     * @param options the cluster options; {@code quorum} is read
     * @return the watch
     */
    public static ClusterMembership watch(Vertx vertx, ClusterOptions options) {
        Objects.requireNonNull(options, "options");
        return new ClusterMembership(Objects.requireNonNull(vertx, "vertx"), options);
    }

    /** @return whether this node sees fewer members than its quorum */
    public boolean cutOff() {
        return cutOff;
    }

    /** @return the members this node sees, itself included */
    public int members() {
        return members;
    }

    /** @return the members this node must see to serve */
    public synchronized int quorum() {
        return rule.quorum();
    }

    /**
     * Runs {@code handler} on a context of this watch each time the node is cut off ({@code true}) or back
     * ({@code false}).
     */
    public void onChange(Handler<Boolean> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Notes that this member is stopping on purpose, so that the others do not count its going as a split. Call it
     * just before leaving the cluster.
     *
     * @return a future completed once the note is stored
     */
    public Future<Void> leave() {
        UUID self = hazelcast.getCluster().getLocalMember().getUuid();
        return Future.fromCompletionStage(
                        departures.putAsync(self, Boolean.TRUE, DEPARTURE_SECONDS, TimeUnit.SECONDS), context)
                .mapEmpty();
    }

    /** Stops watching. */
    public void close() {
        vertx.cancelTimer(timer);
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getCluster().removeMembershipListener(listener);
        }
    }

    private void removed(Member member, int left) {
        synchronized (this) {
            lookups++;
        }
        departures.getAsync(member.getUuid()).whenComplete((departed, err) -> {
            boolean onPurpose = Boolean.TRUE.equals(departed);
            synchronized (this) {
                lookups--;
                if (onPurpose) {
                    rule.departed(hazelcast.getCluster().getMembers().size());
                }
            }
            LOG.info(
                    "Member {} {}: {} member(s)",
                    member.getAddress(),
                    onPurpose ? "left" : "was lost (no heartbeat, or this node was cut off)",
                    left);
            check();
        });
    }

    private void check() {
        boolean now;
        synchronized (this) {
            if (lookups > 0 || !hazelcast.getLifecycleService().isRunning()) {
                return;
            }
            int seen = hazelcast.getCluster().getMembers().size();
            rule.seen(seen);
            members = seen;
            now = rule.cutOff(seen);
            if (now == cutOff) {
                return;
            }
            cutOff = now;
        }
        context.runOnContext(v -> handlers.forEach(handler -> handler.handle(now)));
    }
}
