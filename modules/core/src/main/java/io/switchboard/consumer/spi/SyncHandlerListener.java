// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.spi;

/**
 * Runs around every handler of a sync consumer, on the worker thread that runs it: the hook through which the
 * db module cleans up the thread's database connection after each handler, as Channels' {@code SyncConsumer}
 * calls Django's {@code close_old_connections}. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations MUST be thread-safe, MUST return quickly, and MUST NOT throw: a failure is theirs to log.
 */
public interface SyncHandlerListener {

    /** Called on the worker thread just before a sync handler runs. */
    default void beforeHandler() {}

    /** Called on the worker thread just after a sync handler returns or throws. */
    default void afterHandler() {}
}
