// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one place where a worker thread waits for a future; {@code io.switchboard.consumer.AsyncToSync} and the
 * {@code SyncChannelLayer} are its public faces. The async
 * call is started on the given event-loop context and the calling thread waits, with a timeout, for it to
 * complete there. Because the work runs on an event loop and the wait happens on a worker, the wait cannot
 * deadlock on the caller's own context.
 *
 * <p>Blocking: call only from a worker thread. On an event-loop thread it throws at once.
 */
public final class BlockingWait {

    private BlockingWait() {}

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
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(
                    "Blocking wait on event-loop thread "
                            + Thread.currentThread().getName()
                            + "; call the async method and compose its Future instead, or move this code to a SyncWebSocketConsumer");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                call.get().onComplete(result::complete, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Async call did not complete within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an async call", e);
        }
    }
}
