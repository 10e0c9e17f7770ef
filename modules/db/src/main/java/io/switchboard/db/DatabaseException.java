// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/**
 * Base of the failures the database module itself reports through failed futures (overload, timeout, closed).
 * A unit's own failure is never wrapped in it: the future fails with the unit's exception as it is.
 */
public class DatabaseException extends RuntimeException {

    /**
     * Creates an exception with a stack trace.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception, optionally without a stack trace for frequent, expected failures.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     * @param stackTrace whether to fill in the stack trace
     */
    protected DatabaseException(String message, Throwable cause, boolean stackTrace) {
        super(message, cause, false, stackTrace);
    }
}
