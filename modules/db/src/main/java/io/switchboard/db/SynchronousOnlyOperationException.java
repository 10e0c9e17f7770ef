// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/**
 * Blocking database code was called on an event-loop thread, where it would stall every connection served by
 * that loop: Django's {@code SynchronousOnlyOperation}. Thrown at once, before anything blocks.
 *
 * <p>The fix is to move the call: from async code, wrap it in {@code db.run(...)} or {@code db.atomic(...)}; or
 * make the consumer a {@code SyncWebSocketConsumer}, whose handlers run on worker threads. The setting
 * {@code db.allowAsyncUnsafe} ({@code SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE}) turns the check off; it is unsafe.
 */
public final class SynchronousOnlyOperationException extends IllegalStateException {

    private final String thread;

    /**
     * Creates the exception.
     *
     * @param operation the blocking method that was called, for example {@code SyncDatabase.run}
     * @param thread the name of the event-loop thread it was called on
     */
    public SynchronousOnlyOperationException(String operation, String thread) {
        super("Blocking database call " + operation + " on event-loop thread " + thread
                + "; use db.run(...) or db.atomic(...) from async code, or call it from a SyncWebSocketConsumer"
                + " or another worker thread");
        this.thread = thread;
    }

    /**
     * The event-loop thread the call was made on.
     *
     * @return the thread name
     */
    public String thread() {
        return thread;
    }
}
