// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.routing.ProtocolRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Objects;

/**
 * The HTTP and WebSocket server of one event loop. The server module deploys {@link ServerOptions#getInstances()}
 * of them; they share the port, and the kernel spreads connections over them.
 */
public class WebSocketServerVerticle extends VerticleBase {

    /** How long a stopping instance waits for its consumers to finish their disconnect handlers. */
    private static final long DRAIN_MILLIS = 5_000;

    private final Application application;
    private final AppContext app;
    private ProtocolRouter router;
    private HttpServer server;

    /**
     * Creates an instance.
     *
     * @param application the application whose router this instance serves
     * @param app the process's context
     */
    public WebSocketServerVerticle(Application application, AppContext app) {
        this.application = Objects.requireNonNull(application, "application");
        this.app = Objects.requireNonNull(app, "app");
    }

    @Override
    public Future<?> start() {
        ServerOptions options = app.serverOptions();
        router = application.router(app);
        HttpServerOptions http = new HttpServerOptions()
                .setHost(options.getHost())
                .setPort(options.getPort())
                // Frames are checked against maxFrameSize by the transport, which can answer 1009; Netty's own
                // check drops the connection without a close frame
                .setMaxWebSocketFrameSize(Math.max(options.getMaxFrameSize(), options.getMaxMessageSize()))
                .setMaxWebSocketMessageSize(options.getMaxMessageSize())
                .setTcpNoDelay(true)
                .setStrictThreadMode(options.isStrictThreadMode());
        server = vertx.createHttpServer(http).requestHandler(router);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        Future<?> drained = router == null ? Future.succeededFuture() : router.close(DRAIN_MILLIS);
        return drained.compose(v -> server == null ? Future.succeededFuture() : server.close());
    }

    /** @return the port this instance listens on, once started */
    public int actualPort() {
        return server.actualPort();
    }

    /** @return this instance's router, once started */
    public ProtocolRouter router() {
        return router;
    }
}
