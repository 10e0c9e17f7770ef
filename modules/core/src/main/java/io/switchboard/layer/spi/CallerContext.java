// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.spi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Hands a future's outcome back to the context that asked for it. Work that finishes elsewhere (a client's own
 * event loop, a worker, a thread of a library) would otherwise run the caller's callbacks there.
 */
public final class CallerContext {

    private CallerContext() {}

    /**
     * The same outcome, completed on {@code caller}.
     *
     * @param caller the context to complete on; {@code null} (a caller outside Vert.x) leaves the future as it is
     * @param future the work's result
     * @param <T> the result type
     * @return {@code future} itself when it is already complete and the caller is running, else a future that
     *     completes on {@code caller}
     */
    public static <T> Future<T> completeOn(Context caller, Future<T> future) {
        if (caller == null || (future.isComplete() && Vertx.currentContext() == caller)) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete(outcome -> {
            if (Vertx.currentContext() == caller) {
                promise.handle(outcome);
            } else {
                caller.runOnContext(v -> promise.handle(outcome));
            }
        });
        return promise.future();
    }
}
