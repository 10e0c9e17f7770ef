// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.switchboard.db.impl.DatabaseImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * Blocking database work for async code: Channels' {@code database_sync_to_async} on Vert.x.
 *
 * <p><b>Workers and connections.</b> A database runs {@code workers} DB worker verticles. Each owns one JDBC
 * connection from a HikariCP pool sized to the worker count, and runs one unit at a time, so a connection is
 * never used by two threads at once and no more than {@code workers} connections are open for units.
 *
 * <p><b>Units of work.</b> {@link #run(UnitOfWork)} hands a unit to a free worker and returns at once; the
 * future completes on the caller's context with the unit's result, or fails with the exception the unit threw,
 * unwrapped. {@link #atomic(UnitOfWork)} does the same inside a transaction: commit when the unit returns,
 * rollback when it throws. As in Django, a transaction lives inside one unit.
 *
 * <p><b>Cleanup.</b> After every unit the worker does what Django's {@code close_old_connections} does: it rolls
 * back a transaction the unit left open, and closes and replaces the connection when it is broken, older than
 * {@code maxAge}, or was aborted by a timeout. Before each unit it validates the connection
 * ({@code healthChecks}), so a database restart or a killed backend fails only the units running at that moment.
 *
 * <p><b>Ordering.</b> Units go to whichever worker is free, in parallel. {@link #ordered()} gives a view whose
 * units run one at a time in submission order (Channels' {@code thread_sensitive} mode), while other views and
 * the database itself keep running in parallel. Give each consumer its own ordered view.
 *
 * <p><b>Limits.</b> When every worker is busy, units wait in a queue bounded by {@code queueSize}; past it a unit
 * fails at once with {@link DatabaseOverloadedException}. A unit that has no result within its timeout (from
 * submission, {@code unitTimeout} or {@link #withTimeout(Duration)}) fails with
 * {@link DatabaseTimeoutException}.
 *
 * <p><b>Blocking code.</b> Sync consumers and other worker threads use {@link #sync()}, which runs on the calling
 * thread and refuses event-loop threads with {@link SynchronousOnlyOperationException}.
 *
 * <p>Every method returns immediately and may be called from any thread.
 */
public interface Database {

    /**
     * Opens a database: creates the connection pools (no connection is opened yet) and deploys the DB workers.
     *
     * @param vertx the Vert.x instance the workers are deployed on
     * @param options the settings
     * @return a future of the database; it fails if the workers cannot be deployed
     */
    static Future<Database> open(Vertx vertx, DatabaseOptions options) {
        return DatabaseImpl.open(vertx, options);
    }

    /**
     * Runs a unit of blocking work on a DB worker, in auto-commit mode.
     *
     * @param work the unit
     * @param <T> the result type
     * @return a future of the unit's result, completed on the caller's context; failed with the unit's own
     *     exception, {@link DatabaseOverloadedException}, {@link DatabaseTimeoutException}, or a
     *     {@link java.sql.SQLException} when no connection could be opened
     * @throws NullPointerException if {@code work} is null
     */
    <T> Future<T> run(UnitOfWork<T> work);

    /**
     * Runs a unit of blocking work on a DB worker inside a transaction: committed when the unit returns, rolled
     * back when it throws (the future then fails with the unit's exception; a failed rollback is added to it as
     * suppressed). Django's {@code transaction.atomic}.
     *
     * @param work the unit
     * @param <T> the result type
     * @return a future of the unit's result, completed after the commit
     * @throws NullPointerException if {@code work} is null
     */
    <T> Future<T> atomic(UnitOfWork<T> work);

    /**
     * A view whose units run one at a time, in submission order, each after the previous one's result is in;
     * different views run in parallel. Channels' {@code thread_sensitive=True}, per consumer instead of per
     * process. Waiting units count against the queue bound; a unit that times out while running still holds the
     * view until its worker is done with it.
     *
     * @return a new ordered view sharing this database's workers, with this view's timeout
     */
    Database ordered();

    /**
     * A view whose units have another timeout; an ordered view stays ordered in the same sequence.
     *
     * @param timeout from submission to result; {@link Duration#ZERO} for none
     * @return a view sharing this database's workers
     * @throws IllegalArgumentException if the timeout is negative
     */
    Database withTimeout(Duration timeout);

    /**
     * The blocking API for sync consumers and worker threads, with thread-bound connections.
     *
     * @return the sync view of this database
     */
    SyncDatabase sync();

    /**
     * The Vert.x JDBC client pool for non-blocking SQL, from the same settings: created on first call, at most
     * {@code clientPoolSize} connections, closed with the database.
     *
     * @return the shared pool
     */
    Pool pool();

    /**
     * Applies the Flyway migrations found on the classpath at the given locations, in version order, as a
     * blocking unit on a DB worker. Migrations use one connection of the thread-bound pool.
     *
     * @param locations Flyway locations, for example {@code classpath:db/migration/chat}
     * @return a future of the number of migrations applied (0 when the schema is up to date)
     * @throws IllegalArgumentException if no location is given
     */
    Future<Integer> migrate(String... locations);

    /**
     * Counts of workers, queued units and open connections now, and totals since the database opened.
     *
     * @return a snapshot
     */
    DatabaseStats stats();

    /**
     * The settings this database was opened with.
     *
     * @return a copy of the options
     */
    DatabaseOptions options();

    /**
     * Closes the database and every view of it: units still waiting fail, running units finish, then the
     * workers are undeployed and every pool is closed.
     *
     * @return a future completed when everything is closed
     */
    Future<Void> close();
}
