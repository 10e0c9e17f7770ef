// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/**
 * A unit was refused at once because every DB worker was busy and the queue of waiting units was full. Made
 * without a stack trace: under overload it is frequent and expected.
 */
public final class DatabaseOverloadedException extends DatabaseException {

    private final int queueSize;
    private final int workers;

    /**
     * Creates the exception.
     *
     * @param queueSize the bound of the queue of waiting units
     * @param workers the number of DB workers
     */
    public DatabaseOverloadedException(int queueSize, int workers) {
        super(
                "Database overloaded: " + workers + " workers busy and " + queueSize
                        + " units already waiting; retry later, raise db.queueSize (SWITCHBOARD_DB_QUEUE_SIZE)"
                        + " or db.workers (SWITCHBOARD_DB_WORKERS), or make units shorter",
                null,
                false);
        this.queueSize = queueSize;
        this.workers = workers;
    }

    /**
     * The bound of the queue of waiting units that was reached.
     *
     * @return the queue size
     */
    public int queueSize() {
        return queueSize;
    }

    /**
     * The number of DB workers, all busy.
     *
     * @return the worker count
     */
    public int workers() {
        return workers;
    }
}
