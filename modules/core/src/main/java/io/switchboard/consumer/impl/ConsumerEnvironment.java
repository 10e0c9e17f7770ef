// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of a process shares: Vert.x, the layer, the consumer worker pool and the counters. */
public final class ConsumerEnvironment {

    private static final AtomicLong IDS = new AtomicLong();

    private final Vertx vertx;
    private final ChannelLayer layer;
    private final WorkerExecutor workers;
    private final long handshakeTimeoutMillis;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong droppedSlow = new AtomicLong();
    /** Waiting for the last connection to be cleaned up; guarded by this object's monitor. */
    private final List<Promise<Void>> noneOpen = new ArrayList<>();

    /**
     * Creates the environment.
     *
     * @param vertx the Vert.x instance
     * @param layer the channel layer
     * @param workers the consumer worker pool for sync consumers
     * @param handshakeTimeoutMillis how long a consumer may take to accept or close
     */
    public ConsumerEnvironment(Vertx vertx, ChannelLayer layer, WorkerExecutor workers, long handshakeTimeoutMillis) {
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

    long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** A number per connection; {@link ConnectionDriver#id()} spells it only when asked. */
    long nextConnectionId() {
        return IDS.incrementAndGet();
    }

    void connectionOpened() {
        open.incrementAndGet();
    }

    void connectionClosed() {
        if (open.decrementAndGet() == 0) {
            List<Promise<Void>> waiting;
            synchronized (this) {
                waiting = List.copyOf(noneOpen);
                noneOpen.clear();
            }
            waiting.forEach(Promise::tryComplete);
        }
    }

    void layerMessageDropped() {
        droppedSlow.incrementAndGet();
    }

    /** @return layer messages dropped because their consumer could not keep up */
    public long droppedSlow() {
        return droppedSlow.get();
    }

    /**
     * @return a future completed once no connection is open: each closed one has run its consumer's disconnect and
     *     left its groups
     */
    public Future<Void> noneOpen() {
        Promise<Void> drained = Promise.promise();
        synchronized (this) {
            // a close that reaches 0 after this check takes the monitor after the add, so it sees this promise
            if (open.get() == 0) {
                return Future.succeededFuture();
            }
            noneOpen.add(drained);
        }
        return drained.future();
    }

    /** @return connections started and not yet cleaned up */
    public int openConnections() {
        return open.get();
    }
}
