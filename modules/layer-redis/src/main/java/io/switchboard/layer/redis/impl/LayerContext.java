// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.internal.VertxInternals;
import io.switchboard.layer.spi.CallerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The layer's own event-loop context. All layer state and every Redis connection live on it, so the state needs
 * no locks and no connection belongs to a verticle that may be undeployed. Public methods hop here with
 * {@link #call}; their futures complete back on the caller's context.
 */
final class LayerContext {

    private final Context context;

    LayerContext(Vertx vertx) {
        this.context = VertxInternals.newEventLoopContext(vertx);
    }

    /**
     * Runs an action on the layer context and completes the returned future on the caller's context (or on the
     * layer context when the caller is not on a Vert.x thread). A runtime exception from the action fails the
     * future.
     */
    <T> Future<T> call(Supplier<Future<T>> action) {
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        run(() -> {
            Future<T> result;
            try {
                result = action.get();
            } catch (RuntimeException e) {
                promise.tryFail(e);
                return;
            }
            result.onComplete(promise);
        });
        return CallerContext.completeOn(caller, promise.future());
    }

    /** Runs a task on the layer context: at once when already there, else queued. */
    void run(Runnable task) {
        VertxInternals.emit(context, task);
    }

    /** Runs a task on the layer context after a delay. */
    long schedule(long delayMillis, Runnable task) {
        return VertxInternals.setTimer(context, delayMillis, id -> task.run());
    }

    void cancel(long timerId) {
        context.owner().cancelTimer(timerId);
    }

    /** Runs a task on the layer context every {@code periodMillis}. */
    long periodic(long periodMillis, Runnable task) {
        return VertxInternals.setPeriodic(context, periodMillis, id -> task.run());
    }
}
