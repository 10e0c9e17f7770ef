// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs work on every lane's own context: once, periodically, or once and waits for it. */
final class Lanes {

    private Lanes() {}

    /**
     * Runs {@code action} on each lane's context now and then every {@code periodMillis} (0: once only). Returns
     * immediately.
     */
    static void each(Fleet fleet, Consumer<Lane> action, long periodMillis) {
        for (Lane lane : fleet.lanes) {
            lane.context().runOnContext(v -> {
                action.accept(lane);
                if (periodMillis > 0 && lane.timerId < 0) {
                    lane.timerId = fleet.vertx.setPeriodic(periodMillis, id -> action.accept(lane));
                }
            });
        }
    }

    /** Cancels each lane's periodic action, on its context. Returns immediately. */
    static void cancelTimers(Fleet fleet) {
        for (Lane lane : fleet.lanes) {
            lane.context().runOnContext(v -> cancelTimer(lane));
        }
    }

    /** Cancels the lane's periodic action; call on the lane's context. */
    static void cancelTimer(Lane lane) {
        if (lane.timerId >= 0) {
            lane.context().owner().cancelTimer(lane.timerId);
            lane.timerId = -1;
        }
    }

    /** Runs {@code action} on each lane's context and waits for all of them. Blocking: main thread only. */
    static void await(Fleet fleet, Consumer<Lane> action) throws Exception {
        List<Future<Void>> done = new ArrayList<>();
        for (Lane lane : fleet.lanes) {
            Promise<Void> p = Promise.promise();
            lane.context().runOnContext(v -> {
                try {
                    action.accept(lane);
                    p.complete();
                } catch (RuntimeException e) {
                    p.fail(e);
                }
            });
            done.add(p.future());
        }
        Future.all(done).await(15, TimeUnit.SECONDS);
    }
}
