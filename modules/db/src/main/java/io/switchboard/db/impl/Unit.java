// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.db.UnitOfWork;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** One submitted unit of work: its work, its place (lane, worker), its state, and the promise of its result. */
final class Unit<T> {

    enum State {
        NEW,
        QUEUED,
        RUNNING,
        DONE,
        EXPIRED,
        TIMED_OUT,
        CLOSED
    }

    final UnitOfWork<T> work;
    final boolean atomic;
    final Lane lane;
    final Duration timeout;
    private final Promise<T> promise = Promise.promise();
    private final Context caller = Vertx.currentContext();
    /** When it was submitted, for the time it waits for a worker. */
    final long submitted = System.nanoTime();

    private final AtomicBoolean settled = new AtomicBoolean();

    // guarded by the dispatcher's lock
    State state = State.NEW;
    DbWorker worker;
    // written before the unit is published to a worker
    long timerId = -1;

    Unit(UnitOfWork<T> work, boolean atomic, Lane lane, Duration timeout) {
        this.work = work;
        this.atomic = atomic;
        this.lane = lane;
        this.timeout = timeout;
    }

    Future<T> future() {
        return promise.future();
    }

    T call(Connection connection) throws Exception {
        return atomic ? Transactions.atomic(connection, work) : work.run(connection);
    }

    /** Completes the future on the caller's context, unless it is settled already; returns whether it did. */
    @SuppressWarnings("unchecked")
    boolean succeed(Object result) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        deliver(() -> promise.complete((T) result));
        return true;
    }

    /** Fails the future on the caller's context, unless it is settled already; returns whether it did. */
    boolean fail(Throwable failure) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        deliver(() -> promise.fail(failure));
        return true;
    }

    private void deliver(Runnable action) {
        if (caller == null) {
            action.run();
        } else {
            caller.runOnContext(v -> action.run());
        }
    }
}
