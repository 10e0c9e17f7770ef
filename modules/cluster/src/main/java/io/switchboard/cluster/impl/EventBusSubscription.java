// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicReference;

/** A subscription of the event-bus layer; cancelling it twice returns the first cancellation's future. */
final class EventBusSubscription implements Subscription {

    private final EventBusChannelLayer layer;
    private final LocalChannel channel;
    private final LocalChannel.Subscriber subscriber;
    private final AtomicReference<Future<Void>> cancelled = new AtomicReference<>();

    EventBusSubscription(EventBusChannelLayer layer, LocalChannel channel, LocalChannel.Subscriber subscriber) {
        this.layer = layer;
        this.channel = channel;
        this.subscriber = subscriber;
    }

    @Override
    public String channel() {
        return channel.name();
    }

    @Override
    public Future<Void> cancel() {
        Future<Void> done = cancelled.get();
        if (done != null) {
            return done;
        }
        Promise<Void> promise = Promise.promise();
        if (cancelled.compareAndSet(null, promise.future())) {
            layer.unsubscribe(channel, subscriber).onComplete(promise);
        }
        return cancelled.get();
    }
}
