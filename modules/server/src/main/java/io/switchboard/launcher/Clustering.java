// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.cluster.ClusterMembership;
import io.switchboard.cluster.ClusterOptions;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.server.Availability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the Vert.x a configuration asks for: a Hazelcast cluster member for the {@code eventbus} layer. */
final class Clustering {

    /** The layer backend that needs a clustered Vert.x. */
    static final String EVENTBUS_BACKEND = "eventbus";

    private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);
    private static final String SHUTDOWN_HOOK = "hazelcast.shutdownhook.enabled";

    private Clustering() {}

    static boolean clustered(JsonObject config) {
        return EVENTBUS_BACKEND.equals(
                Settings.section(config, "layer").getString("backend", ChannelLayers.DEFAULT_BACKEND));
    }

    /**
     * Reads the {@code cluster} section.
     *
     * @throws ConfigurationException naming the bad key
     */
    static ClusterOptions options(JsonObject config) {
        try {
            ClusterOptions options = new ClusterOptions(Settings.section(config, "cluster"));
            // Switchboard's own shutdown hook drains the sockets, then leaves the cluster; Hazelcast's would kill
            // the member under it
            if (!options.getHazelcastProperties().containsKey(SHUTDOWN_HOOK)) {
                options.putHazelcastProperty(SHUTDOWN_HOOK, "false");
            }
            return options;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** Seconds {@code run} waits for the Vert.x: a clustered start fails by itself at the join timeout. */
    static long startLimitSeconds(JsonObject config) {
        try {
            return clustered(config) ? options(config).getJoinTimeoutSeconds() + 30 : 30;
        } catch (ConfigurationException e) {
            return 30; // Switchboard.vertx(config) reports it at once
        }
    }

    /** Joins the cluster; the future fails with {@code ClusterStartException} within the join timeout. */
    static Future<Vertx> start(ClusterOptions options, VertxOptions vertxOptions) {
        return ClusteredVertx.start(vertxOptions, options).onSuccess(vertx -> {
            var hazelcast = ClusteredVertx.hazelcast(vertx);
            LOG.info(
                    "Joined cluster '{}' as {}: {} member(s)",
                    options.getName(),
                    hazelcast.getCluster().getLocalMember().getAddress(),
                    hazelcast.getCluster().getMembers().size());
        });
    }

    /**
     * Watches the node's membership: while the node is cut off from its cluster it is suspended (its sockets close
     * with 1012 so that clients reconnect to the healthy part, and new ones are refused), and it serves again once
     * Hazelcast merged it back.
     */
    static ClusterMembership watch(Vertx vertx, JsonObject config, Availability availability) {
        ClusterOptions options = options(config);
        ClusterMembership membership = ClusterMembership.watch(vertx, options);
        membership.onChange(cutOff -> {
            if (cutOff) {
                String reason = "the node is cut off from cluster '" + options.getName() + "': it sees "
                        + membership.members() + " of the " + membership.quorum() + " members it needs"
                        + " (cluster.quorum)";
                if (availability.suspend(reason)) {
                    LOG.warn("Suspended: {}; closing its sockets so that clients reconnect to the rest", reason);
                }
            } else if (availability.resume()) {
                LOG.info(
                        "Back in cluster '{}' with {} member(s): taking clients again",
                        options.getName(),
                        membership.members());
            }
        });
        return membership;
    }
}
