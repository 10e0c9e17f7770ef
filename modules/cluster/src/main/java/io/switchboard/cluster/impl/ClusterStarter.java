// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.switchboard.cluster.ClusterOptions;
import io.switchboard.cluster.ClusterStartException;
import io.switchboard.internal.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Starts a clustered Vert.x from {@link ClusterOptions}, and fails within the join timeout rather than hang. */
public final class ClusterStarter {

    private static final long MEMBER_POLL_MILLIS = 100;

    private ClusterStarter() {}

    /**
     * Starts a clustered Vert.x. Reads the Hazelcast file on the calling thread; the rest is asynchronous.
     *
     * @param vertxOptions Vert.x options; the event-bus host and ports are set from {@code options}
     * @param options the cluster options
     * @return a future of the clustered Vert.x, failed with {@link ClusterStartException} naming what to check
     */
    public static Future<Vertx> start(VertxOptions vertxOptions, ClusterOptions options) {
        ClusterOptions opts = new ClusterOptions(options);
        Config config;
        try {
            validate(opts);
            config = HazelcastConfigs.load(opts);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ClusterStartException(e.getMessage(), e));
        }
        InstanceCatcher instance = new InstanceCatcher();
        config.addListenerConfig(new ListenerConfig(instance));

        VertxOptions vo = new VertxOptions(vertxOptions);
        EventBusOptions eventBus = vo.getEventBusOptions();
        eventBus.setHost(opts.getHost()).setPort(opts.getEventBusPort());
        eventBus.setClusterPublicHost(opts.getPublicHost() != null ? opts.getPublicHost() : opts.getHost());

        Promise<Vertx> result = Promise.promise();
        AtomicBoolean built = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(opts.getJoinTimeoutSeconds());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster-join-timeout");
            t.setDaemon(true);
            return t;
        });
        // Hazelcast's own join may wait longer than we allow: stop it, so the start fails instead of hanging
        timer.schedule(
                () -> {
                    if (!built.get() && result.tryFail(new ClusterStartException(notJoined(opts, 1), null))) {
                        instance.terminate();
                    }
                },
                opts.getJoinTimeoutSeconds(),
                TimeUnit.SECONDS);

        Vertx.builder()
                .with(vo)
                .withClusterManager(new HazelcastClusterManager(config))
                .buildClustered()
                .compose(vertx -> {
                    built.set(true);
                    return awaitMembers(vertx, opts, deadline)
                            .recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
                })
                .onComplete(ar -> {
                    timer.shutdownNow();
                    if (ar.succeeded()) {
                        if (!result.tryComplete(ar.result())) {
                            ar.result().close();
                        }
                    } else {
                        result.tryFail(describe(ar.cause(), opts));
                    }
                });
        return result.future();
    }

    private static void validate(ClusterOptions opts) {
        String host = opts.getHost();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (wildcard && opts.getPublicHost() == null) {
            throw new IllegalArgumentException("cluster.host '" + host + "' binds every interface, so other members"
                    + " cannot know where to reach this one; set cluster.publicHost (SWITCHBOARD_CLUSTER_PUBLIC_HOST)"
                    + " to this node's address, e.g. the pod IP");
        }
    }

    private static Future<Vertx> awaitMembers(Vertx vertx, ClusterOptions opts, long deadline) {
        HazelcastClusterManager manager = (HazelcastClusterManager) VertxInternals.clusterManager(vertx);
        if (manager.getNodes().size() >= opts.getMinMembers()) {
            return Future.succeededFuture(vertx);
        }
        Promise<Vertx> promise = Promise.promise();
        vertx.setPeriodic(MEMBER_POLL_MILLIS, id -> {
            int seen = manager.getNodes().size();
            if (seen >= opts.getMinMembers()) {
                vertx.cancelTimer(id);
                promise.tryComplete(vertx);
            } else if (System.nanoTime() - deadline >= 0) {
                vertx.cancelTimer(id);
                promise.tryFail(new ClusterStartException(notJoined(opts, seen), null));
            }
        });
        return promise.future();
    }

    private static String notJoined(ClusterOptions opts, int seen) {
        return "Node did not join cluster '" + opts.getName() + "' within " + opts.getJoinTimeoutSeconds()
                + " s (cluster.joinTimeout): it sees " + seen + " member(s) and cluster.minMembers is "
                + opts.getMinMembers() + "; check that the members in cluster.members (SWITCHBOARD_CLUSTER_MEMBERS="
                + String.join(",", opts.getMembers()) + ") or the Service in cluster.serviceDns run and are"
                + " reachable, and that they use cluster name '" + opts.getName() + "'";
    }

    private static ClusterStartException describe(Throwable cause, ClusterOptions opts) {
        if (cause instanceof ClusterStartException known) {
            return known;
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == cause ? String.valueOf(cause.getMessage()) : cause.getMessage() + ": " + root;
        return new ClusterStartException(
                "Node could not start as a member of cluster '" + opts.getName() + "' ("
                        + opts.getConfigFile() + ", cluster.port " + opts.getPort() + ", cluster.host " + opts.getHost()
                        + ", cluster.eventBusPort " + opts.getEventBusPort() + "): " + reason
                        + "; check that the ports are free and the host is an address of this machine",
                cause);
    }

    /** Learns the Hazelcast instance while it is still joining, so a timed-out start can stop it. */
    private static final class InstanceCatcher implements LifecycleListener, HazelcastInstanceAware {
        private volatile HazelcastInstance instance;

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.instance = instance;
        }

        @Override
        public void stateChanged(LifecycleEvent event) {}

        void terminate() {
            HazelcastInstance hz = instance;
            if (hz != null) {
                hz.getLifecycleService().terminate();
            }
        }
    }
}
