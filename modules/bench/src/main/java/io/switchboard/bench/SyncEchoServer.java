// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

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
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard server whose consumer blocks: a {@link SyncJsonWebSocketConsumer} on the chat path that sleeps
 * for a fixed time per message (standing in for a JDBC call) and answers the sender with the chat's frame. Run
 * the load generator's echo scenario against it with different {@code --threads} to see the sync worker pool
 * scale.
 *
 * <pre>java -cp switchboard-bench.jar io.switchboard.bench.SyncEchoServer --port 18090 --threads 16 --block-ms 10</pre>
 */
public final class SyncEchoServer {

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
     * @param args {@code --port N --threads N --block-ms N --instances N}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = 18090;
        int threads = ServerOptions.defaultThreads();
        int instances = ServerOptions.defaultInstances();
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--port" -> port = value;
                case "--threads" -> threads = value;
                case "--block-ms" -> BlockingEcho.blockMillis = value;
                case "--instances" -> instances = value;
                default -> {
                    System.err.println("usage: SyncEchoServer [--port N] [--threads N] [--block-ms N] [--instances N]");
                    System.exit(2);
                }
            }
        }
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
    }
}
