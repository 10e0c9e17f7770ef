// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.Cli;
import io.switchboard.consumer.SyncJsonWebSocketConsumer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.switchboard.server.WebSocketServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A Switchboard server whose consumer blocks: a {@link SyncJsonWebSocketConsumer} on the chat path that sleeps
 * for a fixed time per message (standing in for a JDBC call) and answers the sender with the chat's frame. Run
 * the load generator's echo scenario against it with different {@code --threads} to see the sync worker pool
 * scale.
 *
 * <pre>java -cp switchboard-bench.jar io.switchboard.bench.SyncEchoServer --port 18090 --threads 16 --block-ms 10</pre>
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.SyncEchoServer",
        description = "A Switchboard server whose sync consumer blocks for --block-ms per message, then echoes;"
                + " runs until the process is stopped.")
public final class SyncEchoServer implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "18090", description = "Port to listen on.")
    int port;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Sync consumer worker threads, as the server's default (min(32, cores + 4)).")
    int threads = ServerOptions.defaultThreads();

    @Option(
            names = "--block-ms",
            paramLabel = "MS",
            defaultValue = "10",
            description = "Milliseconds each message blocks its worker thread.")
    int blockMillis;

    @Option(
            names = "--instances",
            paramLabel = "N",
            description = "WebSocket verticle instances (event loops), as the server's default.")
    int instances = ServerOptions.defaultInstances();

    private SyncEchoServer() {}

    /** Blocks its worker thread, then echoes, as a handler doing one database round trip would. */
    static final class BlockingEcho extends SyncJsonWebSocketConsumer {
        static volatile long blockMillis = 10;

        @Override
        protected void receiveJson(JsonObject content) throws InterruptedException {
            Thread.sleep(blockMillis);
            sendJson(new JsonObject().put("message", content.getString("message")));
        }
    }

    /**
     * Starts the server and runs until killed.
     *
     * @param args  see {@code --help}
     */
    public static void main(String[] args) {
        Cli.startServer(new SyncEchoServer(), args);
    }

    /**
     * Starts the server and returns, leaving Vert.x's threads to keep the process up.
     *
     * @return 0 once it listens
     * @throws Exception if it cannot start
     */
    @Override
    public Integer call() throws Exception {
        Cli.within(spec, "--port", port, 0, 65535);
        Cli.atLeast(spec, "--threads", threads, 1);
        BlockingEcho.blockMillis = Cli.atLeast(spec, "--block-ms", blockMillis, 0);
        Cli.atLeast(spec, "--instances", instances, 1);
        Vertx vertx = Vertx.vertx();
        ServerOptions options = new ServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setThreads(threads)
                .setInstances(instances)
                .setAllowedOrigins(java.util.List.of("*"))
                // one load generator on one address: the per-client limits for hostile clients would refuse it
                .setRateMessages(0)
                .setRateBytes(0)
                .setMaxConnectionsPerAddress(0);
        AppContext app = AppContext.create(vertx, ChannelLayer.memory(vertx), options, new JsonObject());
        vertx.deployVerticle(
                        () -> new WebSocketServerVerticle(
                                ctx -> ProtocolRouter.builder(ctx)
                                        .websocket(UrlRouter.builder()
                                                .route("/ws/chat/{room}/", BlockingEcho::new)
                                                .build())
                                        .build(),
                                app),
                        new DeploymentOptions().setInstances(instances))
                .await(30, TimeUnit.SECONDS);
        System.out.println("SyncEchoServer on 127.0.0.1:" + port + " with " + threads + " consumer threads, "
                + BlockingEcho.blockMillis + " ms per message");
        return 0;
    }
}
