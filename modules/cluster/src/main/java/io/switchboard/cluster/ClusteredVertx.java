// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.cluster.impl.ClusterStarter;
import io.switchboard.internal.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Objects;

/**
 * Starts a Vert.x that is a member of a Hazelcast cluster, configured by {@link ClusterOptions} and a file of
 * {@code conf/cluster/}. This is what the {@code eventbus} channel layer needs ({@link EventBusLayer}).
 *
 * <pre>{@code
 * ClusterOptions cluster = new ClusterOptions(config.getJsonObject("cluster", new JsonObject()));
 * Vertx vertx = ClusteredVertx.start(new VertxOptions(), cluster).await();
 * }</pre>
 */
public final class ClusteredVertx {

    private ClusteredVertx() {}

    /**
     * Starts a clustered Vert.x with default Vert.x options.
     *
     * @param options the cluster options
     * @return a future of the clustered Vert.x
     * @see #start(VertxOptions, ClusterOptions)
     */
    public static Future<Vertx> start(ClusterOptions options) {
        return start(new VertxOptions(), options);
    }

    /**
     * Starts a clustered Vert.x: loads the Hazelcast file with the options' values, joins the cluster, starts the
     * event bus on {@code host}/{@code eventBusPort} reachable at {@code publicHost}, then waits for
     * {@code minMembers}. It never hangs: when the node cannot join within {@code joinTimeout} seconds, the future
     * fails with {@link ClusterStartException} naming the settings to check, and nothing is left running.
     *
     * <p>Reads the configuration file on the calling thread, so call it at start-up (from {@code main}), not on an
     * event loop; the rest does not block. Close the Vert.x to leave the cluster gracefully.
     *
     * @param vertxOptions Vert.x options; their event-bus host, port and public host are replaced
     * @param options the cluster options
     * @return a future of the clustered Vert.x
     */
    public static Future<Vertx> start(VertxOptions vertxOptions, ClusterOptions options) {
        Objects.requireNonNull(vertxOptions, "vertxOptions");
        Objects.requireNonNull(options, "options");
        return ClusterStarter.start(vertxOptions, options);
    }

    /**
     * The Hazelcast member of a Vert.x started by {@link #start}, for health checks (its cluster's members) and
     * tests.
     *
     * @param vertx a Vert.x clustered with Hazelcast
     * @return its Hazelcast instance
     * @throws IllegalArgumentException if {@code vertx} is not clustered with Hazelcast
     */
    public static HazelcastInstance hazelcast(Vertx vertx) {
        ClusterManager manager = VertxInternals.clusterManager(vertx);
        if (manager instanceof HazelcastClusterManager hazelcast) {
            return hazelcast.getHazelcastInstance();
        }
        throw new IllegalArgumentException(
                "Vert.x " + vertx + " is not clustered with Hazelcast; start it with" + " ClusteredVertx.start(...)");
    }
}
