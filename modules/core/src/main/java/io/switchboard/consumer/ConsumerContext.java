// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.consumer.spi.ConsumerMetrics;
import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;

/**
 * What consumers run with: Vert.x, the channel layer, the pool that sync handlers run on, and how long a consumer
 * may take to answer a handshake. The server's {@code AppContext} is one.
 */
public interface ConsumerContext {

    /** @return the Vert.x instance */
    Vertx vertx();

    /** @return the process's channel layer */
    ChannelLayer channelLayer();

    /** @return the pool sync consumers' handlers run on */
    WorkerExecutor consumerWorkers();

    /** @return how long a consumer may take to accept or close a handshake before it is refused with 403 */
    Duration handshakeTimeout();

    /** @return where the server's figures go; {@link ConsumerMetrics#NONE} by default */
    default ConsumerMetrics metrics() {
        return ConsumerMetrics.NONE;
    }
}
