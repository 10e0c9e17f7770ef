// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.routing.ProtocolRouter;
import io.switchboard.server.impl.Admission;
import io.switchboard.server.impl.AppContextImpl;
import io.switchboard.server.impl.Pipelines;
import io.switchboard.server.impl.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
    private WebSocketEndpoint endpoint;
    private HttpServer server;
    private Runnable unlisten = () -> {};

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
        Admission admission = ((AppContextImpl) app).admission();
        endpoint = new WebSocketEndpoint(router, vertx, options, admission, app.availability(), app.metrics());
        long drainMillis = TimeUnit.SECONDS.toMillis(options.getDrainPeriod());
        unlisten = app.availability().onSuspend(reason -> context.runOnContext(v -> endpoint.closeAll(drainMillis)));
        HttpServerOptions http = new HttpServerOptions()
                .setHost(options.getHost())
                .setPort(options.getPort())
                // Frames are checked against maxFrameSize by the transport, which can answer 1009; Netty's own
                // check drops the connection without a close frame
                .setMaxWebSocketFrameSize(Math.max(options.getMaxFrameSize(), options.getMaxMessageSize()))
                .setMaxWebSocketMessageSize(options.getMaxMessageSize())
                .setPerMessageWebSocketCompressionSupported(options.isCompression())
                .setPerFrameWebSocketCompressionSupported(false) // an obsolete draft, inflated without a cap
                .setIdleTimeout(options.getHttpIdleTimeout()) // taken off each connection once it is a WebSocket
                .setTcpNoDelay(true)
                // With h2c on, Vert.x calls the connection handler only once a whole request head has arrived, too
                // late to arm the request deadline (slowloris) or to refuse a connection at accept
                .setHttp2ClearTextEnabled(false)
                .setStrictThreadMode(options.isStrictThreadMode());
        if (options.isTls()) {
            http.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(options.getTlsCert())
                            .setKeyPath(options.getTlsKey()));
        }
        server = vertx.createHttpServer(http)
                .connectionHandler(connection -> {
                    if (!admission.acceptTcp()) {
                        // the reserve is gone too: not even a 503 can be afforded
                        connection.close();
                        return;
                    }
                    Pipelines.prepare(connection, options, admission::releaseTcp);
                })
                .requestHandler(endpoint);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        unlisten.run();
        Future<?> drained = endpoint == null
                ? Future.succeededFuture()
                : endpoint.drain(TimeUnit.SECONDS.toMillis(app.serverOptions().getDrainPeriod()), DRAIN_MILLIS);
        return drained.compose(v -> server == null ? Future.succeededFuture() : server.close());
    }

    /** @return the port this instance listens on, once started */
    public int actualPort() {
        return server.actualPort();
    }

    /** @return the event loop this instance runs on, once deployed; the launcher's liveness pings it */
    public Context eventLoop() {
        return context;
    }

    /** @return this instance's router, once started */
    public ProtocolRouter router() {
        return router;
    }

    /**
     * @return the WebSocket connections this instance holds: from the upgrade request until the consumer ran its
     *     disconnect and left its groups
     */
    public int openConnections() {
        return endpoint == null ? 0 : endpoint.openConnections();
    }

    /**
     * Closes this instance's sockets at once with 1012 {@code service_restart} and waits, within a bound, for their
     * consumers to run {@code disconnect} and leave their groups. {@link #stop()} runs a drain spread over
     * {@code server.drainPeriod}.
     *
     * @param timeoutMillis the longest wait
     * @return a future completed once every connection ended or the time ran out
     */
    public Future<Void> drain(long timeoutMillis) {
        return endpoint.drain(0, timeoutMillis);
    }
}
