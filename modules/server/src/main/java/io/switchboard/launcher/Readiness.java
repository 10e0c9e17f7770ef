// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.cluster.ClusterMembership;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The launcher's readiness checks: the node is not stopping, its channel layer reaches its backend, and, on the
 * event-bus layer, it is not cut off from its cluster ({@code cluster.quorum}). Applications add theirs (the chat's
 * database) through {@link io.switchboard.server.Monitoring#readinessCheck}.
 */
final class Readiness {

    private Readiness() {}

    static void register(
            Metering metering, Vertx vertx, ChannelLayer layer, AtomicBoolean stopping, ClusterMembership membership) {
        metering.readinessCheck(
                "draining",
                () -> stopping.get() ? Future.failedFuture("the node is stopping") : Future.succeededFuture());
        metering.readinessCheck("layer", layer::reachable);
        if (membership != null) {
            var hazelcast = ClusteredVertx.hazelcast(vertx);
            metering.readinessCheck("cluster", () -> {
                if (!hazelcast.getLifecycleService().isRunning()) {
                    return Future.failedFuture("the Hazelcast member has stopped");
                }
                return membership.cutOff()
                        ? Future.failedFuture(membership.members() + " cluster member(s) seen, fewer than its quorum ("
                                + membership.quorum() + ", cluster.quorum): this node is cut off from its cluster")
                        : Future.succeededFuture();
            });
            metering.gauge(
                    "switchboard.cluster.members",
                    "Members of the cluster this node sees",
                    () -> hazelcast.getLifecycleService().isRunning()
                            ? hazelcast.getCluster().getMembers().size()
                            : 0);
        }
    }
}
