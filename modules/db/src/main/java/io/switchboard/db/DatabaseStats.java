// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/**
 * What a database holds now and what it has done since it opened. Connection counts come from the pools.
 *
 * @param workers DB workers
 * @param busyWorkers workers running a unit now
 * @param queuedUnits units waiting for a worker (including units waiting behind their ordered view)
 * @param workerConnections open connections owned by workers, at most {@code workers}
 * @param syncConnections open connections of the thread-bound pool used by {@link SyncDatabase}
 * @param completedUnits units that returned a result
 * @param failedUnits units that threw (their futures failed with the unit's exception)
 * @param rejectedUnits units refused with {@link DatabaseOverloadedException}
 * @param timedOutUnits units failed with {@link DatabaseTimeoutException}
 * @param rolledBackTransactions transactions a unit or a sync handler left open and the cleanup rolled back
 * @param replacedConnections connections closed because they were broken, too old, aborted or closed by a unit
 * @param startedUnits units a worker took up
 * @param waitNanos the time those units waited for a worker, in all
 * @param runNanos the time workers spent on them, connection and cleanup included, in all
 */
public record DatabaseStats(
        int workers,
        int busyWorkers,
        int queuedUnits,
        int workerConnections,
        int syncConnections,
        long completedUnits,
        long failedUnits,
        long rejectedUnits,
        long timedOutUnits,
        long rolledBackTransactions,
        long replacedConnections,
        long startedUnits,
        long waitNanos,
        long runNanos) {}
