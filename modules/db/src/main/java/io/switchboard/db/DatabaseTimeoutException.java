// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import java.time.Duration;

/**
 * A unit did not finish within its timeout, counted from its submission. Either it was still waiting for a
 * worker, and then it never runs, or it was running, and then its worker's connection is aborted so that its
 * SQL stops and the worker takes a fresh connection. Made without a stack trace: it is an expected outcome.
 */
public final class DatabaseTimeoutException extends DatabaseException {

    private final Duration timeout;
    private final boolean started;

    /**
     * Creates the exception.
     *
     * @param timeout the unit's timeout
     * @param started whether the unit had started on a worker
     */
    public DatabaseTimeoutException(Duration timeout, boolean started) {
        super(
                "Database unit timed out after " + timeout.toMillis() + " ms "
                        + (started ? "while running" : "while waiting for a worker")
                        + "; raise db.unitTimeout (SWITCHBOARD_DB_UNIT_TIMEOUT) or use db.withTimeout(...)"
                        + (started ? ", or make the unit shorter" : ", or add workers"),
                null,
                false);
        this.timeout = timeout;
        this.started = started;
    }

    /**
     * The timeout that expired.
     *
     * @return the unit's timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether the unit had started: {@code false} means it never ran.
     *
     * @return {@code true} when the unit was running on a worker
     */
    public boolean started() {
        return started;
    }
}
