// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscriber of the memory layer. It is also its own drain task, so scheduling a delivery allocates no
 * lambda: {@link ChannelQueue} runs it on the subscriber's context when messages arrive.
 */
final class MemorySubscription implements Subscription, Handler<Void> {

    final ContextInternal context;
    final Handler<JsonObject> handler;
    /** A drain task is scheduled or running; guarded by the queue's monitor. */
    boolean scheduled;

    private final MemoryChannelLayer layer;
    private final ChannelQueue queue;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    MemorySubscription(
            MemoryChannelLayer layer, ChannelQueue queue, ContextInternal context, Handler<JsonObject> handler) {
        this.layer = layer;
        this.queue = queue;
        this.context = context;
        this.handler = handler;
    }

    @Override
    public String channel() {
        return queue.name;
    }

    @Override
    public Future<Void> cancel() {
        if (cancelled.compareAndSet(false, true)) {
            layer.unsubscribed(queue, this);
        }
        return Future.succeededFuture();
    }

    @Override
    public void handle(Void unused) {
        queue.drain(this);
    }

    /** Marks this subscription cancelled without touching the layer, for close; returns whether it was live. */
    boolean markCancelled() {
        return cancelled.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "MemorySubscription[" + queue.name + "]";
    }
}
