// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.BaselineVerticle;
import io.switchboard.bench.impl.Cli;
import io.switchboard.bench.impl.Rooms;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The raw Vert.x ceiling Switchboard is measured against: plain Vert.x, no Switchboard, the Channels tutorial's
 * protocol on {@code /ws/tutorial/{room}/} and the chat's on {@code /ws/chat/{room}/} (see {@link BaselineVerticle}),
 * rooms in one shared map, each broadcast frame encoded once and written to every socket of
 * the room. N verticle instances share the port.
 */
public final class BaselineServer {

    private final Vertx vertx;
    private final String deploymentId;
    private final int port;

    private BaselineServer(Vertx vertx, String deploymentId, int port) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /**
     * Deploys the baseline on {@code vertx}. Returns immediately.
     *
     * @param vertx  the Vert.x instance to deploy on
     * @param host  the address to bind, e.g. 127.0.0.1
     * @param port  the port, 0 for any free port
     * @param instances  verticle instances sharing the port, >= 1
     * @return completes with the running server once every instance listens
     */
    public static Future<BaselineServer> start(Vertx vertx, String host, int port, int instances) {
        return start(vertx, host, port, instances, false);
    }

    /**
     * Deploys the baseline on {@code vertx}, optionally in Vert.x's strict thread mode. Returns immediately.
     *
     * @param vertx  the Vert.x instance to deploy on
     * @param host  the address to bind, e.g. 127.0.0.1
     * @param port  the port, 0 for any free port
     * @param instances  verticle instances sharing the port, >= 1
     * @param strictThreadMode  whether HTTP responses are written only on the request's event loop
     * @return completes with the running server once every instance listens
     */
    public static Future<BaselineServer> start(
            Vertx vertx, String host, int port, int instances, boolean strictThreadMode) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(host, "host");
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be >= 1, was " + instances);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Rooms rooms = new Rooms();
        List<BaselineVerticle> deployed = new ArrayList<>();
        return vertx.deployVerticle(
                        () -> {
                            BaselineVerticle v = new BaselineVerticle(rooms, host, port, strictThreadMode);
                            synchronized (deployed) {
                                deployed.add(v);
                            }
                            return v;
                        },
                        new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    synchronized (deployed) {
                        return new BaselineServer(vertx, id, deployed.get(0).actualPort());
                    }
                });
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /**
     * Undeploys the server. Returns immediately.
     *
     * @return completes when every instance has stopped
     */
    public Future<Void> close() {
        return vertx.undeploy(deploymentId);
    }

    /**
     * Runs the baseline until the process is stopped.
     *
     * @param args  see {@code --help}
     */
    public static void main(String[] args) {
        Cli.startServer(new Main(), args);
    }

    /** The command line: starts the server and returns, leaving Vert.x's threads to keep the process up. */
    @Command(
            name = "java -cp switchboard-bench.jar io.switchboard.bench.BaselineServer",
            description = "The raw Vert.x baseline, no Switchboard: the Channels tutorial's protocol on"
                    + " /ws/tutorial/{room}/ and the chat's on /ws/chat/{room}/; runs until the process is stopped.")
    static final class Main implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port to listen on.")
        int port;

        @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "Address to bind.")
        String host;

        @Option(
                names = "--instances",
                paramLabel = "N",
                description = "Verticle instances sharing the port, one per core by default.")
        int instances = Runtime.getRuntime().availableProcessors();

        @Option(
                names = "--strict-thread-mode",
                description = "Vert.x's strict thread mode, as Switchboard's server runs by default: one write"
                        + " queue less per connection (off: Vert.x's default).")
        boolean strictThreadMode;

        @Override
        public Integer call() throws Exception {
            Cli.within(spec, "--port", port, 0, 65535);
            Cli.atLeast(spec, "--instances", instances, 1);
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
            BaselineServer server =
                    start(vertx, host, port, instances, strictThreadMode).await(30, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    vertx.close().await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // exiting anyway
                }
            }));
            System.out.printf(
                    Locale.ROOT,
                    "baseline listening on %s:%d with %d instances (pid %d)%n",
                    host,
                    server.port(),
                    instances,
                    ProcessHandle.current().pid());
            return 0;
        }
    }
}
