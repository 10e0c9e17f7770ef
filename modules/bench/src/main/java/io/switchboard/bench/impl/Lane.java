// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;

/**
 * One client event loop and the members whose connections live on it. Everything a lane holds is read and written
 * on its own context only, so frame handling needs no locks; the run reads the totals at the end through
 * {@link Context#runOnContext}.
 */
final class Lane extends VerticleBase {

    final int index;
    final List<Member> members = new ArrayList<>();
    final LatencyStats latency = new LatencyStats();
    final MessageMeta meta = new MessageMeta();
    long foreign;
    /** Foreign frames that report an error ({@link MessageCodec#isError}), such as a message the server did not store. */
    long errors;

    long misrouted;
    long lastDeliveryNanos;
    // open-loop sending state
    double messagesPerSecond;
    long sentByLane;
    int nextSender;
    long timerId = -1;

    Lane(int index) {
        this.index = index;
    }

    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }

    Context context() {
        return context;
    }
}
