// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.consumer.ConsumerContext;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.server.impl.AppContextImpl;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What an {@link Application} gets from the process: Vert.x, the channel layer, the configuration and the
 * consumer worker pool. One per process, shared by every verticle instance.
 */
public interface AppContext extends ConsumerContext {

    /**
     * Creates a context; the server module does this at start, tests do it directly.
     *
     * @param vertx the Vert.x instance
     * @param layer the channel layer
     * @param options the server settings
     * @param config the whole configuration, for the application's own sections
     * @return the context; {@link #close()} releases its worker pool
     */
    static AppContext create(Vertx vertx, ChannelLayer layer, ServerOptions options, JsonObject config) {
        return new AppContextImpl(vertx, layer, options, config, Monitoring.NONE);
    }

    /**
     * Creates a context whose server reports to a metrics backend; the launcher does this.
     *
     * @param vertx the Vert.x instance
     * @param layer the channel layer
     * @param options the server settings
     * @param config the whole configuration, for the application's own sections
     * @param monitoring where the server's figures and the application's checks go
     * @return the context; {@link #close()} releases its worker pool
     */
    static AppContext create(
            Vertx vertx, ChannelLayer layer, ServerOptions options, JsonObject config, Monitoring monitoring) {
        return new AppContextImpl(vertx, layer, options, config, monitoring);
    }

    /** @return the Vert.x instance */
    @Override
    Vertx vertx();

    /** @return the process's channel layer */
    @Override
    ChannelLayer channelLayer();

    /** @return the server settings */
    ServerOptions serverOptions();

    /** @return the whole configuration; applications read their own section from it */
    JsonObject config();

    /** @return the pool sync consumers' handlers run on, {@link ServerOptions#getThreads()} threads */
    @Override
    WorkerExecutor consumerWorkers();

    /** @return {@link ServerOptions#getHandshakeTimeout()} */
    @Override
    default Duration handshakeTimeout() {
        return Duration.ofSeconds(serverOptions().getHandshakeTimeout());
    }

    /** @return whether the process takes WebSocket clients now, and the means to suspend it */
    Availability availability();

    /**
     * @return where the application adds its readiness checks and figures for the management port;
     *     {@link Monitoring#NONE} when there is none
     */
    Monitoring monitoring();

    /** @return {@link Monitoring#serverMetrics()} */
    @Override
    default ServerMetrics metrics() {
        return monitoring().serverMetrics();
    }

    /** Releases the worker pool. The layer is the caller's to close. */
    void close();
}
