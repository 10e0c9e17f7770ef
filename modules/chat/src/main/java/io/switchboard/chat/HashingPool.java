// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where passwords are hashed: a few worker threads of their own, so that a burst of log-ins cannot take every
 * worker thread, and a bounded queue in front of them. Argon2 takes tens of milliseconds, so an unbounded queue
 * lets a flood of bad log-ins make a real one wait for ever; past the bound, work is refused at once with
 * {@code busy} and the client retries. Thread-safe; every method returns at once.
 */
final class HashingPool {

    /** Seconds a refused client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final WorkerExecutor workers;
    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Creates the pool.
     *
     * @param vertx the Vert.x instance
     * @param threads hashing threads; each hash holds 19 MiB while it runs
     * @param queue hashes that may wait for a thread
     */
    HashingPool(Vertx vertx, int threads, int queue) {
        this.workers = vertx.createSharedWorkerExecutor("switchboard-chat-passwords", threads);
        this.capacity = threads + queue;
    }

    /**
     * Runs blocking, CPU-heavy work on a hashing thread, in no particular order.
     *
     * @param work the hash
     * @param <T> its result type
     * @return its result on the caller's context; failed with {@link AccountException} {@code busy} (503) at once when
     *     the queue is full
     */
    <T> Future<T> submit(Callable<T> work) {
        if (inFlight.incrementAndGet() > capacity) {
            inFlight.decrementAndGet();
            return Future.failedFuture(new AccountException(
                    "busy", 503, "The server is busy checking passwords; try again in a second", RETRY_AFTER_SECONDS));
        }
        return workers.executeBlocking(work, false).andThen(done -> inFlight.decrementAndGet());
    }

    /** Stops the threads; work still waiting fails. */
    void close() {
        workers.close();
    }
}
