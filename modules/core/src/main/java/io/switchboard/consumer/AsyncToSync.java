// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.impl.BlockingWait;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * asgiref's {@code async_to_sync} for the JVM: a worker thread waits for a future. The async call is started on the
 * given event-loop context and the calling thread waits, with a timeout, for it to complete there. Because the work
 * runs on an event loop and the wait happens on a worker, the wait cannot deadlock on the caller's own context.
 *
 * <p>Blocking: call only from a worker thread. On an event-loop thread it throws at once.
 */
public final class AsyncToSync {

    private AsyncToSync() {}

    /**
     * Runs an async call on an event-loop context and waits for its result.
     *
     * @param context the event-loop context to start the call on
     * @param call makes the future; it runs on {@code context}
     * @param timeout how long to wait
     * @param <T> the result type
     * @return the result
     * @throws IllegalStateException on an event-loop thread
     * @throws RuntimeException the call's own failure, unwrapped, or a {@link TimeoutException} wrapped
     */
    public static <T> T await(Context context, Supplier<Future<T>> call, Duration timeout) {
        return BlockingWait.await(context, call, timeout);
    }
}
