// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A subscriber of one channel: its handler and the context the handler runs on. */
final class SubscriptionImpl implements Subscription {

    final String channel;
    final ContextInternal context;
    final Handler<JsonObject> handler;
    /** Guarded by the mailbox's lock. */
    boolean drainScheduled;

    private final Function<SubscriptionImpl, Future<Void>> canceller;
    private Future<Void> cancelled;

    SubscriptionImpl(
            String channel,
            ContextInternal context,
            Handler<JsonObject> handler,
            Function<SubscriptionImpl, Future<Void>> canceller) {
        this.channel = channel;
        this.context = context;
        this.handler = handler;
        this.canceller = canceller;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public synchronized Future<Void> cancel() {
        if (cancelled == null) {
            cancelled = canceller.apply(this);
        }
        return cancelled;
    }
}
