// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.cluster.ClusterMembership;
import io.switchboard.cluster.ClusterStartException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.switchboard.server.ServerOptions;
import io.switchboard.server.WebSocketServerVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * The shutdown hook: stops within {@code server.stopTimeout}, then stops Logback last, so that the stop line is
     * always written.
     */
    private static void stop(Future<RunningServer> starting) {
        long began = System.nanoTime();
        RunningServer server = null;
        String outcome;
        try {
            // a stop during the start waits for it
            server = starting.await(60, TimeUnit.SECONDS);
            server.notReady();
            int open = server.openConnections();
            int bound = server.app().serverOptions().getStopTimeout();
            LOG.info("Stopping: not ready; {} connections open; exit within {} s (server.stopTimeout)", open, bound);
            try {
                server.close().await(bound, TimeUnit.SECONDS);
                outcome = "drained " + open + " connections, layer and application closed";
            } catch (TimeoutException e) {
                outcome = "server.stopTimeout passed with " + server.openConnections() + " of " + open
                        + " connections still open; exiting anyway";
            }
        } catch (Exception e) {
            outcome = "the stop did not finish cleanly: " + e.getMessage();
        }
        try {
            LOG.info("Stopped in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), outcome);
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
        VertxOptions options = Metering.vertxOptions();
        try {
            Future<Vertx> made = Clustering.clustered(config)
                    ? Clustering.start(Clustering.options(config), options)
                    : Future.succeededFuture(Vertx.vertx(options));
            return made.onSuccess(vertx -> Metering.made(vertx, options));
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
        int managementPort;
        try {
            options = new ServerOptions(Settings.section(config, "server"));
            managementPort = Management.port(config);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ConfigurationException(e.getMessage(), e));
        } catch (ConfigurationException e) {
            return Future.failedFuture(e);
        }
        JsonObject layerConfig = ChannelLayers.withConsumerCapacity(Settings.section(config, "layer"));
        List<WebSocketServerVerticle> instances = new CopyOnWriteArrayList<>();
        Metering metering = Metering.of(vertx);
        AtomicBoolean stopping = new AtomicBoolean();
        return ChannelLayers.create(vertx, layerConfig).compose(layer -> {
            AppContext app = AppContext.create(vertx, layer, options, config, metering);
            ClusterMembership membership =
                    vertx.isClustered() ? Clustering.watch(vertx, config, app.availability()) : null;
            Readiness.register(metering, vertx, layer, stopping, membership);
            metering.layer(layer);
            return application
                    .start(app)
                    .compose(v -> vertx.deployVerticle(
                                    () -> {
                                        WebSocketServerVerticle verticle =
                                                new WebSocketServerVerticle(application, app);
                                        instances.add(verticle);
                                        return verticle;
                                    },
                                    new DeploymentOptions().setInstances(options.getInstances()))
                            .recover(err -> Future.failedFuture(Ports.inUse(
                                    err, options.getHost(), options.getPort(), "server.port", "SWITCHBOARD_PORT"))))
                    .compose(deployment -> {
                        List<Context> loops = instances.stream()
                                .map(WebSocketServerVerticle::eventLoop)
                                .toList();
                        Future<Management> management = managementPort == 0
                                ? Future.succeededFuture()
                                : Management.start(vertx, options.getHost(), managementPort, metering, loops);
                        return management
                                .recover(err -> vertx.undeploy(deployment).transform(x -> Future.failedFuture(err)))
                                .map(m -> new RunningServer(
                                        vertx, app, application, deployment, instances, m, stopping, membership));
                    })
                    .map(server -> {
                        metering.gauge(
                                "switchboard.connections.open",
                                "WebSocket connections open now",
                                server::openConnections);
                        LOG.info(
                                "Switchboard listening on http://{}:{} ({} instances, layer {}, {} consumer threads,"
                                        + " management {}); settings: {}",
                                options.getHost(),
                                server.port(),
                                options.getInstances(),
                                layerConfig.getString("backend", ChannelLayers.DEFAULT_BACKEND),
                                options.getThreads(),
                                server.management == null ? "off" : "on port " + server.management.port(),
                                Secrets.masked(effective(config, options, layerConfig, managementPort))
                                        .encode());
                        return server;
                    })
                    .onFailure(err -> {
                        app.close();
                        layer.close();
                    });
        });
    }

    /** The settings in force: the configuration with the server's and the layer's defaults filled in. */
    private static JsonObject effective(
            JsonObject config, ServerOptions options, JsonObject layerConfig, int managementPort) {
        return config.copy()
                .put("server", options.toJson())
                .put(
                        "layer",
                        layerConfig
                                .copy()
                                .put("backend", layerConfig.getString("backend", ChannelLayers.DEFAULT_BACKEND)))
                .put("management", new JsonObject().put("port", managementPort));
    }

    /** A started server. */
    public static final class RunningServer {
        private final Vertx vertx;
        private final AppContext app;
        private final Application application;
        private final String deployment;
        private final List<WebSocketServerVerticle> instances;
        private final ClusterMembership membership;
        private final Management management;
        private final AtomicBoolean stopping;

        RunningServer(
                Vertx vertx,
                AppContext app,
                Application application,
                String deployment,
                List<WebSocketServerVerticle> instances,
                Management management,
                AtomicBoolean stopping,
                ClusterMembership membership) {
            this.vertx = vertx;
            this.app = app;
            this.application = application;
            this.deployment = deployment;
            this.instances = List.copyOf(instances);
            this.management = management;
            this.stopping = stopping;
            this.membership = membership;
        }

        /** @return this node's cluster membership, or {@code null} when it is not clustered */
        public ClusterMembership membership() {
            return membership;
        }

        /** Makes {@code /health/ready} answer 503 from now on: the first step of a stop. */
        void notReady() {
            stopping.set(true);
        }

        /** @return the management server's port, or 0 when {@code management.port} turned it off */
        public int managementPort() {
            return management == null ? 0 : management.port();
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
         * Stops: reports not ready at once, keeps serving for {@code server.stopDelay} seconds (the load balancer
         * takes the node out meanwhile), then drains every instance (sockets closed with 1012 in batches over
         * {@code server.drainPeriod}, new ones refused with 503, disconnect handlers run), stops the application,
         * closes the layer and the management server, notes the departure of a cluster member (so the others do not
         * count it as a split) and closes Vert.x. Each step is logged.
         *
         * @return a future completed once everything is closed
         */
        public Future<Void> close() {
            notReady();
            long delay = app.serverOptions().getStopDelay();
            // A plain promise: the futures of a closing Vert.x may complete on contexts that no longer run tasks
            Promise<Void> waited = Promise.promise();
            if (delay > 0) {
                LOG.info("Stopping: not ready; still taking connections for {} s (server.stopDelay)", delay);
                vertx.setTimer(TimeUnit.SECONDS.toMillis(delay), id -> waited.complete());
            } else {
                waited.complete();
            }
            Promise<Void> closed = Promise.promise();
            waited.future()
                    .compose(v -> {
                        LOG.info(
                                "Stopping: closing {} connections with 1012 over {} s (server.drainPeriod)",
                                openConnections(),
                                app.serverOptions().getDrainPeriod());
                        return vertx.undeploy(deployment);
                    })
                    .eventually(application::stop)
                    .eventually(() -> {
                        app.close();
                        return app.channelLayer().close();
                    })
                    .eventually(this::leaveCluster)
                    .eventually(() -> management == null ? Future.succeededFuture() : management.close())
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
