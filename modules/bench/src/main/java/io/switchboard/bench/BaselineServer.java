// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.BaselineVerticle;
import io.switchboard.bench.impl.Rooms;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The raw Vert.x ceiling Switchboard is measured against: plain Vert.x, no Switchboard, the chat protocol on
 * {@code /ws/chat/{room}/}, rooms in one shared map, each broadcast frame encoded once and written to every socket of
 * the room. N verticle instances share the port.
 */
public final class BaselineServer {

    /** The usage text. */
    public static final String USAGE = """
            usage: java -cp switchboard-bench.jar io.switchboard.bench.BaselineServer [options]
              --port P        port to listen on [8080]
              --host H        address to bind [127.0.0.1]
              --instances N   verticle instances sharing the port [cores]
              --strict-thread-mode
                              Vert.x's strict thread mode, as Switchboard's server runs by default:
                              one write queue less per connection [off: Vert.x's default]
            """;

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
     * @param args  see {@link #USAGE}
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        String host = "127.0.0.1";
        int instances = Runtime.getRuntime().availableProcessors();
        boolean strictThreadMode = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--host" -> host = args[++i];
                    case "--instances" -> instances = Integer.parseInt(args[++i]);
                    case "--strict-thread-mode" -> strictThreadMode = true;
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("Bad arguments " + String.join(" ", args) + ": " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(instances, 1)));
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
    }
}
