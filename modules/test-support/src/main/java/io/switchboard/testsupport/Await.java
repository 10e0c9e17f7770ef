// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits on the JUnit thread, never a Vert.x thread, for a future's outcome, and turns an unexpected one into an
 * {@link AssertionError} that shows it. Blocking.
 */
public final class Await {

    /** How long {@link #result(Future)} and {@link #failure(Future)} wait. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {}

    /** @return the future's result, waiting up to {@link #DEFAULT} */
    public static <T> T result(Future<T> future) {
        return result(future, DEFAULT);
    }

    /**
     * Waits for a future that must succeed.
     *
     * @param future the future
     * @param limit how long to wait
     * @return its result
     * @throws AssertionError if it fails or does not complete in time
     */
    public static <T> T result(Future<T> future, Duration limit) {
        waitFor(future, limit);
        if (future.failed()) {
            throw new AssertionError("expected success, failed with " + future.cause(), future.cause());
        }
        return future.result();
    }

    /** @return the future's failure, waiting up to {@link #DEFAULT} */
    public static Throwable failure(Future<?> future) {
        return failure(future, DEFAULT);
    }

    /**
     * Waits for a future that must fail.
     *
     * @param future the future
     * @param limit how long to wait
     * @return its cause
     * @throws AssertionError if it succeeds or does not complete in time
     */
    public static Throwable failure(Future<?> future, Duration limit) {
        waitFor(future, limit);
        if (future.succeeded()) {
            throw new AssertionError("expected a failure, succeeded with " + future.result());
        }
        return future.cause();
    }

    private static void waitFor(Future<?> future, Duration limit) {
        CountDownLatch done = new CountDownLatch(1);
        future.onComplete(ar -> done.countDown());
        try {
            if (!done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no outcome within " + limit.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
