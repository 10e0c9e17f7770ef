// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The blocking database API, for code that already runs on a worker thread: sync consumers' handlers,
 * {@code executeBlocking} blocks, background workers. It runs on the calling thread with a connection bound to
 * that thread (Django's per-thread {@code connection}), taken from a pool of at most {@code syncConnections}.
 *
 * <p><b>Threads.</b> Blocking: every method throws {@link SynchronousOnlyOperationException} at once when called
 * on an event-loop thread, unless the unsafe {@code allowAsyncUnsafe} setting is on. From async code, use
 * {@link Database#run(UnitOfWork)} instead.
 *
 * <p><b>Cleanup.</b> The thread keeps its connection until {@link #release()}. Sync consumers need not call it:
 * after each handler the consumer runtime calls the db module's {@code SyncHandlerListener}, which releases the
 * connections of the handler's thread, rolling back a transaction left open, as Channels' {@code SyncConsumer}
 * does. Other threads call {@link #release()} when their work is done.
 */
public interface SyncDatabase {

    /**
     * The calling thread's connection, opened or taken from the pool on first use; auto-commit unless the
     * thread changed it.
     *
     * @return the thread-bound connection; do not close it, call {@link #release()}
     * @throws SQLException when no connection can be had within the connect timeout
     * @throws SynchronousOnlyOperationException on an event-loop thread
     */
    Connection connection() throws SQLException;

    /**
     * Runs a unit on the calling thread with its thread-bound connection.
     *
     * @param work the unit
     * @param <T> the result type
     * @return the unit's result
     * @throws SQLException when the unit throws one, as it is
     * @throws DatabaseException wrapping any other checked exception of the unit; unchecked ones pass as they are
     * @throws SynchronousOnlyOperationException on an event-loop thread
     */
    <T> T run(UnitOfWork<T> work) throws SQLException;

    /**
     * Runs a unit in a transaction on the calling thread: commit when it returns, rollback when it throws. Inside
     * an open transaction it uses a savepoint instead, as nested {@code atomic} blocks do in Django.
     *
     * @param work the unit
     * @param <T> the result type
     * @return the unit's result
     * @throws SQLException when the unit or the commit throws one
     * @throws DatabaseException wrapping any other checked exception of the unit
     * @throws SynchronousOnlyOperationException on an event-loop thread
     */
    <T> T atomic(UnitOfWork<T> work) throws SQLException;

    /**
     * Cleans up and returns the calling thread's connection, if it has one: rolls back a transaction left open,
     * drops the connection if it is broken or older than {@code maxAge}, else returns it to the pool. Never
     * throws; a failure is logged. Allowed on any thread (it does nothing on a thread without a connection).
     */
    void release();
}
