// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DB worker: a worker verticle that owns one JDBC connection and runs one unit at a time on its worker
 * context, cleaning the connection up after each unit. Its connection is touched only by the thread running its
 * current task, except by {@link #abort}, which kills it from outside on a timeout.
 */
final class DbWorker extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DbWorker.class);
    // keeps one task well under the blocked-thread checker's limit while units keep coming
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Dispatcher dispatcher;
    private final WorkerConnections connections;
    private final ConnectionJanitor janitor;
    private final boolean healthChecks;
    private final Executor aborter;

    // owned by the worker context
    private Connection connection;

    // guarded by this
    private Unit<?> current;
    private Connection currentConnection;
    private TrackedConnection currentStatements;
    private boolean aborted;

    DbWorker(
            Dispatcher dispatcher,
            WorkerConnections connections,
            ConnectionJanitor janitor,
            boolean healthChecks,
            Executor aborter) {
        this.dispatcher = dispatcher;
        this.connections = connections;
        this.janitor = janitor;
        this.healthChecks = healthChecks;
        this.aborter = aborter;
    }

    @Override
    public Future<?> start() {
        dispatcher.register(this);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        Connection c = connection;
        connection = null;
        try {
            if (c != null && !c.isClosed() && janitor.rollbackLeftover(c)) {
                c.close();
            }
        } catch (SQLException e) {
            LOG.debug("Closing a DB worker connection failed", e);
        }
        return Future.succeededFuture();
    }

    void dispatch(Unit<?> unit) {
        context.runOnContext(v -> loop(unit));
    }

    private void loop(Unit<?> first) {
        long start = System.nanoTime();
        Unit<?> unit = first;
        while (unit != null) {
            execute(unit);
            unit = dispatcher.next(this, unit);
            if (unit != null && System.nanoTime() - start > SLICE_NANOS) {
                dispatch(unit);
                return;
            }
        }
    }

    private void execute(Unit<?> unit) {
        if (dispatcher.timedOut(unit)) {
            // expired on its way to this worker: its future has failed, it never runs
            return;
        }
        long began = System.nanoTime();
        dispatcher.started.increment();
        dispatcher.waitNanos.add(began - unit.submitted);
        Connection c;
        try {
            c = acquire();
        } catch (SQLException | RuntimeException e) {
            deliver(unit, null, e);
            return;
        }
        TrackedConnection tracked = TrackedConnection.of(c);
        synchronized (this) {
            current = unit;
            currentConnection = c;
            currentStatements = tracked;
            aborted = false;
        }
        Object result = null;
        Throwable failure = null;
        if (!dispatcher.timedOut(unit)) {
            try {
                result = unit.call(tracked.proxy());
            } catch (Throwable t) {
                failure = t;
            }
        }
        boolean killed;
        synchronized (this) {
            killed = aborted;
            current = null;
            currentConnection = null;
            currentStatements = null;
        }
        cleanup(c, failure != null, killed);
        dispatcher.runNanos.add(System.nanoTime() - began);
        deliver(unit, result, failure);
    }

    private void deliver(Unit<?> unit, Object result, Throwable failure) {
        if (failure == null) {
            if (unit.succeed(result)) {
                dispatcher.completed.increment();
            }
        } else if (unit.fail(failure)) {
            dispatcher.failed.increment();
        }
    }

    private Connection acquire() throws SQLException {
        if (connection != null && !connection.isClosed() && healthChecks && !janitor.valid(connection)) {
            janitor.retire(connections.pool(), connection, "it failed the health check before a unit");
            connection = null;
        }
        if (connection == null) {
            connection = connections.borrow();
            janitor.adopted(connection);
        }
        return connection;
    }

    // Django's close_old_connections, after every unit
    private void cleanup(Connection c, boolean failed, boolean killed) {
        try {
            if (c.isClosed()) {
                // the unit closed it, so it went back to the pool: take a fresh one next time
                janitor.droppedByUser();
            } else if (killed) {
                janitor.retire(connections.pool(), c, "its unit timed out and it was aborted");
            } else if (!janitor.rollbackLeftover(c)) {
                janitor.retire(connections.pool(), c, "it failed while rolling back a leftover transaction");
            } else if (failed && !janitor.valid(c)) {
                janitor.retire(connections.pool(), c, "it is broken after a failed unit");
            } else if (janitor.tooOld(c)) {
                janitor.retire(connections.pool(), c, "it is older than maxAge");
            } else {
                return;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cleanup of a DB worker connection failed; replacing it", e);
            janitor.retire(connections.pool(), c, "its cleanup failed");
        }
        connection = null;
    }

    /**
     * Stops a unit that timed out while running: cancels its statements and kills its connection, on the abort
     * thread (both may block), so that its SQL stops and the worker is free again.
     */
    void abort(Unit<?> unit) {
        aborter.execute(() -> {
            Connection victim;
            TrackedConnection statements;
            synchronized (this) {
                if (current != unit || aborted) {
                    return;
                }
                // from here the worker retires this connection after the unit, whatever happens below
                aborted = true;
                victim = currentConnection;
                statements = currentStatements;
            }
            statements.cancelStatements();
            janitor.abort(victim);
        });
    }
}
