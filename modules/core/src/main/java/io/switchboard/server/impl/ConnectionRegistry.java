// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections one server instance holds, from the upgrade request until the consumer runtime released them
 * (disconnect ran, groups left), so that a drain can wait for the last one.
 */
public final class ConnectionRegistry {

    private final AtomicInteger held = new AtomicInteger();
    /** Waiting for the last connection to be released; guarded by this object's monitor. */
    private final List<Promise<Void>> waiting = new ArrayList<>();

    void opened() {
        held.incrementAndGet();
    }

    void released() {
        if (held.decrementAndGet() == 0) {
            List<Promise<Void>> done;
            synchronized (this) {
                done = List.copyOf(waiting);
                waiting.clear();
            }
            done.forEach(Promise::tryComplete);
        }
    }

    /** @return connections held now */
    public int held() {
        return held.get();
    }

    /** @return a future completed once no connection is held */
    public Future<Void> noneHeld() {
        Promise<Void> drained = Promise.promise();
        synchronized (this) {
            // a release that reaches 0 after this check takes the monitor after the add, so it sees this promise
            if (held.get() == 0) {
                return Future.succeededFuture();
            }
            waiting.add(drained);
        }
        return drained.future();
    }
}
