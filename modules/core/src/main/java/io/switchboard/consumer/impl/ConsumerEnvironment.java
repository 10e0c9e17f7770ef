// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.spi.ConsumerMetrics;
import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of a router shares: Vert.x, the layer, the consumer worker pool and a counter. */
public final class ConsumerEnvironment {

    private static final AtomicLong IDS = new AtomicLong();

    private final Vertx vertx;
    private final ChannelLayer layer;
    private final WorkerExecutor workers;
    private final long handshakeTimeoutMillis;
    private final AtomicLong droppedSlow = new AtomicLong();
    private final ConsumerMetrics metrics;

    /**
     * Creates the environment.
     *
     * @param vertx the Vert.x instance
     * @param layer the channel layer
     * @param workers the consumer worker pool for sync consumers
     * @param handshakeTimeoutMillis how long a consumer may take to accept or close
     * @param metrics where handler times go
     */
    public ConsumerEnvironment(
            Vertx vertx,
            ChannelLayer layer,
            WorkerExecutor workers,
            long handshakeTimeoutMillis,
            ConsumerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.layer = Objects.requireNonNull(layer, "layer");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    Vertx vertx() {
        return vertx;
    }

    /** @return the channel layer */
    public ChannelLayer layer() {
        return layer;
    }

    WorkerExecutor workers() {
        return workers;
    }

    ConsumerMetrics metrics() {
        return metrics;
    }

    long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** A number per connection; {@link ConnectionDriver#id()} spells it only when asked. */
    long nextConnectionId() {
        return IDS.incrementAndGet();
    }

    void layerMessageDropped() {
        droppedSlow.incrementAndGet();
        metrics.droppedSlow();
    }

    /** @return layer messages dropped because their consumer could not keep up */
    public long droppedSlow() {
        return droppedSlow.get();
    }
}
