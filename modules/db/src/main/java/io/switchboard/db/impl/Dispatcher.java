// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.db.DatabaseException;
import io.switchboard.db.DatabaseOverloadedException;
import io.switchboard.db.DatabaseTimeoutException;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands units to idle workers, keeps the bounded queue of waiting units and the order of ordered views, and
 * expires units past their timeout. Every decision is made under one short lock that never covers blocking work.
 *
 * <p>Invariant: while a unit is ready in the queue, no worker is idle.
 */
final class Dispatcher {

    private final Object lock = new Object();
    private final Vertx vertx;
    private final int queueSize;
    private final int workers;
    private final ArrayDeque<DbWorker> idle = new ArrayDeque<>();
    private final ArrayDeque<Unit<?>> ready = new ArrayDeque<>();
    private int waiting;
    private int busy;
    private boolean closed;

    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder waitNanos = new LongAdder();
    final LongAdder runNanos = new LongAdder();

    Dispatcher(Vertx vertx, int queueSize, int workers) {
        this.vertx = vertx;
        this.queueSize = queueSize;
        this.workers = workers;
    }

    void register(DbWorker worker) {
        synchronized (lock) {
            idle.add(worker);
        }
    }

    void submit(Unit<?> unit) {
        if (!unit.timeout.isZero()) {
            unit.timerId = vertx.setTimer(unit.timeout.toMillis(), id -> expire(unit));
        }
        DbWorker target = null;
        DatabaseException refused = null;
        synchronized (lock) {
            Lane lane = unit.lane;
            if (closed) {
                refused = closedException();
            } else if (lane != null && lane.busy) {
                if (waiting >= queueSize) {
                    refused = new DatabaseOverloadedException(queueSize, workers);
                } else {
                    lane.pending.add(unit);
                    waiting++;
                    unit.state = Unit.State.QUEUED;
                }
            } else if ((target = idle.poll()) != null) {
                if (lane != null) {
                    lane.busy = true;
                }
                start(unit, target);
            } else if (waiting >= queueSize) {
                refused = new DatabaseOverloadedException(queueSize, workers);
            } else {
                if (lane != null) {
                    lane.busy = true;
                }
                ready.add(unit);
                waiting++;
                unit.state = Unit.State.QUEUED;
            }
        }
        if (refused != null) {
            cancelTimer(unit);
            if (refused instanceof DatabaseOverloadedException) {
                rejected.increment();
            }
            unit.fail(refused);
        } else if (target != null) {
            target.dispatch(unit);
        }
    }

    /**
     * Called by a worker when its unit is done (its result already delivered): frees the unit's lane and gives
     * the worker its next unit, or parks it as idle.
     */
    Unit<?> next(DbWorker worker, Unit<?> finished) {
        cancelTimer(finished);
        List<Unit<?>> dropped = new ArrayList<>(0);
        Unit<?> next;
        synchronized (lock) {
            if (finished.state == Unit.State.RUNNING) {
                finished.state = Unit.State.DONE;
            }
            busy--;
            if (finished.lane != null) {
                advance(finished.lane, dropped);
            }
            next = closed ? null : ready.poll();
            if (next == null) {
                idle.add(worker);
            } else {
                waiting--;
                start(next, worker);
            }
        }
        dropped.forEach(u -> u.fail(closedException()));
        return next;
    }

    /** Whether a unit was already timed out while running: its worker must not trust its connection. */
    boolean timedOut(Unit<?> unit) {
        synchronized (lock) {
            return unit.state == Unit.State.TIMED_OUT;
        }
    }

    int[] counts() {
        synchronized (lock) {
            return new int[] {busy, waiting};
        }
    }

    void close() {
        List<Unit<?>> dropped = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Unit<?> unit; (unit = ready.poll()) != null; ) {
                unit.state = Unit.State.CLOSED;
                waiting--;
                dropped.add(unit);
                if (unit.lane != null) {
                    advance(unit.lane, dropped);
                }
            }
        }
        dropped.forEach(u -> {
            cancelTimer(u);
            u.fail(closedException());
        });
    }

    private void expire(Unit<?> unit) {
        boolean started;
        DbWorker running = null;
        List<Unit<?>> dropped = new ArrayList<>(0);
        synchronized (lock) {
            if (unit.state == Unit.State.QUEUED) {
                unit.state = Unit.State.EXPIRED;
                waiting--;
                started = false;
                if ((unit.lane == null || !unit.lane.pending.remove(unit)) && ready.remove(unit) && unit.lane != null) {
                    advance(unit.lane, dropped);
                }
            } else if (unit.state == Unit.State.RUNNING) {
                unit.state = Unit.State.TIMED_OUT;
                running = unit.worker;
                started = true;
            } else {
                return;
            }
        }
        dropped.forEach(u -> u.fail(closedException()));
        if (unit.fail(new DatabaseTimeoutException(unit.timeout, started))) {
            timedOut.increment();
        }
        if (running != null) {
            running.abort(unit);
        }
    }

    // under lock: the lane's running or ready unit is gone; queue its next one
    private void advance(Lane lane, List<Unit<?>> dropped) {
        if (closed) {
            for (Unit<?> unit; (unit = lane.pending.poll()) != null; ) {
                unit.state = Unit.State.CLOSED;
                waiting--;
                dropped.add(unit);
            }
            lane.busy = false;
            return;
        }
        Unit<?> next = lane.pending.poll();
        if (next == null) {
            lane.busy = false;
        } else {
            DbWorker worker = idle.poll();
            if (worker == null) {
                ready.add(next);
            } else {
                // a worker is idle (ready is empty): start the lane's next unit at once
                waiting--;
                start(next, worker);
                worker.dispatch(next);
            }
        }
    }

    // under lock
    private void start(Unit<?> unit, DbWorker worker) {
        unit.state = Unit.State.RUNNING;
        unit.worker = worker;
        busy++;
    }

    private void cancelTimer(Unit<?> unit) {
        if (unit.timerId >= 0) {
            vertx.cancelTimer(unit.timerId);
        }
    }

    private static DatabaseException closedException() {
        return new DatabaseException("Database is closed; open a new one with Database.open(vertx, options)", null);
    }
}
