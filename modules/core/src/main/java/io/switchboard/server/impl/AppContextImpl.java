// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.server.AppContext;
import io.switchboard.server.Availability;
import io.switchboard.server.Monitoring;
import io.switchboard.server.ServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The process-wide context handed to applications. */
public final class AppContextImpl implements AppContext {

    private final Vertx vertx;
    private final ChannelLayer layer;
    private final ServerOptions options;
    private final JsonObject config;
    private final WorkerExecutor workers;
    private final Admission admission;
    private final Availability availability = new Availability();
    private final Monitoring monitoring;

    /**
     * Creates the context and its consumer worker pool.
     *
     * @param vertx the Vert.x instance
     * @param layer the channel layer
     * @param options the server settings
     * @param config the whole configuration
     * @param monitoring where figures and checks go
     */
    public AppContextImpl(
            Vertx vertx, ChannelLayer layer, ServerOptions options, JsonObject config, Monitoring monitoring) {
        this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.layer = Objects.requireNonNull(layer, "layer");
        this.options = new ServerOptions(options);
        this.admission = new Admission(this.options);
        this.config = config == null ? new JsonObject() : config.copy();
        // Handlers may block for as long as they like: the blocked-thread checker stays quiet for this pool
        this.workers = vertx.createSharedWorkerExecutor(
                "switchboard-consumer", options.getThreads(), Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public ChannelLayer channelLayer() {
        return layer;
    }

    @Override
    public ServerOptions serverOptions() {
        return options;
    }

    @Override
    public JsonObject config() {
        return config;
    }

    @Override
    public WorkerExecutor consumerWorkers() {
        return workers;
    }

    @Override
    public Monitoring monitoring() {
        return monitoring;
    }

    /** @return the process's connection counts, shared by every server instance */
    public Admission admission() {
        return admission;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public void close() {
        workers.close();
    }
}
