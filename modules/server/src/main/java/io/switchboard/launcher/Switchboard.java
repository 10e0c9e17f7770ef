// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.cluster.ClusterMembership;
import io.switchboard.cluster.ClusterStartException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.switchboard.server.ServerOptions;
import io.switchboard.server.WebSocketServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an application: reads the configuration, makes Vert.x and the channel layer, runs the application's
 * start, and deploys the WebSocket server verticle as {@code server.instances} instances sharing the port.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Switchboard.run(new ChatApplication());
 * }
 * }</pre>
 */
public final class Switchboard {

    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

    private Switchboard() {}

    /**
     * The entry point of a {@code main}: starts with the process's configuration, stops cleanly on SIGTERM, and
     * exits with status 2 and a one-line reason when the configuration is wrong or the node cannot join its cluster
     * ({@code layer.backend} {@code eventbus}).
     *
     * @param application the application
     */
    public static void run(Application application) {
        JsonObject config;
        try {
            // reading the configuration logs already (Vert.x's JSON codec): the defaults hold until it is read
            Logging.configure(new JsonObject());
            config = Settings.load(application.configKeys());
            Logging.configure(config);
        } catch (ConfigurationException e) {
            exit(e);
            return;
        }
        Vertx vertx;
        try {
            vertx = vertx(config).await(Clustering.startLimitSeconds(config), TimeUnit.SECONDS);
        } catch (Exception e) {
            exit(e);
            return;
        }
        Future<RunningServer> starting = start(vertx, application, config);
        // registered before the start completes, so that a SIGTERM right after the "listening" line still drains
        Thread shutdown = new Thread(() -> stop(starting), "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            starting.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
                // a cluster member leaves at once instead of being noticed dead later
                vertx.close().await(15, TimeUnit.SECONDS);
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            exit(e);
        }
    }

    /** The shutdown hook: drains, then stops Logback last, so that its lines are always written. */
    private static void stop(Future<RunningServer> starting) {
        LOG.info("Stopping: closing sockets with 1012 and draining consumers");
        try {
            // a stop during the start waits for it
            RunningServer server = starting.await(60, TimeUnit.SECONDS);
            long drainSeconds = server.app().serverOptions().getDrainPeriod();
            server.close().await(drainSeconds + 15, TimeUnit.SECONDS);
            LOG.info("Stopped");
        } catch (Exception e) {
            LOG.warn("Stop did not finish cleanly: {}", e.getMessage());
        } finally {
            Logging.stop();
        }
    }

    private static void exit(Throwable e) {
        Throwable cause = e;
        while (!expected(cause) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = expected(cause) ? cause.getMessage() : e.toString();
        System.err.println("Switchboard did not start: " + message);
        if (!expected(cause)) {
            e.printStackTrace();
        }
        System.exit(2);
    }

    /** Failures whose message says all an operator needs: no stack trace. */
    private static boolean expected(Throwable e) {
        return e instanceof ConfigurationException || e instanceof ClusterStartException;
    }

    /**
     * Makes the Vert.x the configuration asks for: a member of the Hazelcast cluster that the {@code cluster}
     * section describes when {@code layer.backend} is {@code eventbus}, else a plain one. {@link #run} uses it; a
     * test that starts several nodes in one JVM can too, then {@link #start} on each.
     *
     * <p>Blocking: reads the Hazelcast file when clustered; call it from {@code main} or a test thread, not from an
     * event loop.
     *
     * @param config the configuration, as {@link Settings#load()} gives it
     * @return a future of the Vert.x; it fails with {@link ConfigurationException} for a bad {@code cluster}
     *     section, and with {@link ClusterStartException} when the node cannot join within
     *     {@code cluster.joinTimeout} seconds
     */
    public static Future<Vertx> vertx(JsonObject config) {
        try {
            if (!Clustering.clustered(config)) {
                return Future.succeededFuture(Vertx.vertx());
            }
            return Clustering.start(Clustering.options(config));
        } catch (ConfigurationException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * Starts an application on a Vert.x instance with a given configuration.
     *
     * @param vertx the Vert.x instance
     * @param application the application
     * @param config the configuration, as {@link Settings#load()} gives it
     * @return a future of the running server; it fails with {@link ConfigurationException} for a bad value
     */
    public static Future<RunningServer> start(Vertx vertx, Application application, JsonObject config) {
        ServerOptions options;
        try {
            options = new ServerOptions(Settings.section(config, "server"));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ConfigurationException(e.getMessage(), e));
        } catch (ConfigurationException e) {
            return Future.failedFuture(e);
        }
        JsonObject layerConfig = ChannelLayers.withConsumerCapacity(Settings.section(config, "layer"));
        List<WebSocketServerVerticle> instances = new CopyOnWriteArrayList<>();
        return ChannelLayers.create(vertx, layerConfig).compose(layer -> {
            AppContext app = AppContext.create(vertx, layer, options, config);
            return application
                    .start(app)
                    .compose(v -> vertx.deployVerticle(
                            () -> {
                                WebSocketServerVerticle verticle = new WebSocketServerVerticle(application, app);
                                instances.add(verticle);
                                return verticle;
                            },
                            new DeploymentOptions().setInstances(options.getInstances())))
                    .map(deployment -> {
                        ClusterMembership membership =
                                vertx.isClustered() ? Clustering.watch(vertx, config, app.availability()) : null;
                        RunningServer server =
                                new RunningServer(vertx, app, application, deployment, instances, membership);
                        LOG.info(
                                "Switchboard listening on http://{}:{} ({} instances, layer {}, {} consumer threads)",
                                options.getHost(),
                                server.port(),
                                options.getInstances(),
                                layerConfig.getString("backend", ChannelLayers.DEFAULT_BACKEND),
                                options.getThreads());
                        return server;
                    })
                    .onFailure(err -> {
                        app.close();
                        layer.close();
                    });
        });
    }

    /** A started server. */
    public static final class RunningServer {
        private final Vertx vertx;
        private final AppContext app;
        private final Application application;
        private final String deployment;
        private final List<WebSocketServerVerticle> instances;
        private final ClusterMembership membership;

        RunningServer(
                Vertx vertx,
                AppContext app,
                Application application,
                String deployment,
                List<WebSocketServerVerticle> instances,
                ClusterMembership membership) {
            this.vertx = vertx;
            this.app = app;
            this.application = application;
            this.deployment = deployment;
            this.instances = List.copyOf(instances);
            this.membership = membership;
        }

        /** @return this node's cluster membership, or {@code null} when it is not clustered */
        public ClusterMembership membership() {
            return membership;
        }

        /** @return the port the server listens on; useful when configured with 0 */
        public int port() {
            return instances.get(0).actualPort();
        }

        /** @return WebSocket connections open now, over every instance */
        public int openConnections() {
            return instances.stream()
                    .mapToInt(WebSocketServerVerticle::openConnections)
                    .sum();
        }

        /** @return the channel layer */
        public ChannelLayer layer() {
            return app.channelLayer();
        }

        /** @return the application context */
        public AppContext app() {
            return app;
        }

        /**
         * Stops: drains every instance (sockets closed with 1012 in batches over {@code server.drainPeriod},
         * disconnect handlers run), stops the application,
         * closes the layer, notes the departure of a cluster member (so the others do not count it as a split) and
         * closes Vert.x.
         *
         * @return a future completed once everything is closed
         */
        public Future<Void> close() {
            // A plain promise: the futures of a closing Vert.x may complete on contexts that no longer run tasks
            Promise<Void> closed = Promise.promise();
            vertx.undeploy(deployment)
                    .eventually(application::stop)
                    .eventually(() -> {
                        app.close();
                        return app.channelLayer().close();
                    })
                    .eventually(this::leaveCluster)
                    .onComplete(ar -> vertx.close().onComplete(closed));
            return closed.future();
        }

        private Future<Void> leaveCluster() {
            if (membership == null) {
                return Future.succeededFuture();
            }
            membership.close();
            // a member that cannot note it within a second leaves anyway; the others then count it as lost
            return membership.leave().timeout(1, TimeUnit.SECONDS).otherwiseEmpty();
        }
    }
}
