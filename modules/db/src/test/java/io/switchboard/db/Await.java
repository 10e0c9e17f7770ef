// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits on the JUnit thread (never a Vert.x thread) for a future's outcome. */
final class Await {

    private Await() {}

    static <T> T result(Future<T> future) {
        waitFor(future);
        if (future.failed()) {
            throw new AssertionError("expected success, failed with " + future.cause(), future.cause());
        }
        return future.result();
    }

    static Throwable failure(Future<?> future) {
        waitFor(future);
        assertThat(future.failed())
                .as("failed, but succeeded with %s", future.result())
                .isTrue();
        return future.cause();
    }

    private static void waitFor(Future<?> future) {
        CountDownLatch done = new CountDownLatch(1);
        future.onComplete(ar -> done.countDown());
        try {
            assertThat(done.await(10, TimeUnit.SECONDS))
                    .as("future completed within 10 s")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
