// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.NoHandlerException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a consumer's failed handler means for its connection: the log line, and the close the client gets. */
enum HandlerFailure {
    /** The worker pool is closed: the server is stopping, so the client is told to go away and come back. */
    POOL_CLOSED(CloseCodes.GOING_AWAY, "going_away"),
    /** The handler sent to its socket after it closed (a drain, the client left): nothing to tell anyone. */
    CLOSED(CloseCodes.NORMAL, "closed"),
    /** A message type the consumer has no handler for: a bug in the application, named in the log. */
    UNKNOWN_TYPE(CloseCodes.INTERNAL_ERROR, "unknown_type"),
    /** Anything else the handler threw or failed with. */
    ERROR(CloseCodes.INTERNAL_ERROR, "internal_error");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDriver.class);

    final int code;
    final String reason;

    HandlerFailure(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    static HandlerFailure of(Throwable cause) {
        if (cause instanceof RejectedExecutionException) {
            return POOL_CLOSED;
        }
        if (cause instanceof ConnectionDriver.ClosedException) {
            return CLOSED;
        }
        return cause instanceof NoHandlerException ? UNKNOWN_TYPE : ERROR;
    }

    /**
     * Logs the failure.
     *
     * @param who the consumer and its connection, as the log names them
     * @param eventName the event that failed
     * @param cause what it failed with
     */
    void log(String who, String eventName, Throwable cause) {
        switch (this) {
            case POOL_CLOSED ->
                LOG.warn("{}: the consumer worker pool is closed (shutting down); {} was not run", who, eventName);
            case CLOSED -> LOG.debug("{}: {} sent to a closed socket", who, eventName);
            case UNKNOWN_TYPE -> LOG.error("{}: {}", who, cause.getMessage());
            case ERROR -> LOG.error("{} failed handling {}", who, eventName, cause);
        }
    }
}
