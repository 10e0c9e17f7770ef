// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The layer's event-bus consumers, one per address, counted by use: the first {@link #acquire} registers the
 * address with the cluster, the last {@link #release} unregisters it. Every consumer is made on the layer's own
 * context, so its messages are handled there, and closing the layer's verticle unregisters them all.
 *
 * <p>Calls may come from any thread; the table is only touched on the layer's context, which serializes them.
 * An acquire and a release of one address may arrive in either order: the count may dip below zero for a moment,
 * and an address is registered exactly while its count is positive.
 */
final class Registrations {

    private static final class Entry {
        int count;
        MessageConsumer<Envelope> consumer;
        Future<Void> registered;
    }

    private final Vertx vertx;
    private final Context context;
    private final Handler<Message<Envelope>> handler;
    private final Map<String, Entry> entries = new HashMap<>();
    private final AtomicInteger live = new AtomicInteger();

    Registrations(Vertx vertx, Context context, Handler<Message<Envelope>> handler) {
        this.vertx = vertx;
        this.context = context;
        this.handler = handler;
    }

    /**
     * Takes one use of an address.
     *
     * @param address the event-bus address
     * @param ready completed once the cluster routes the address to this process
     */
    void acquire(String address, Promise<Void> ready) {
        context.runOnContext(v -> {
            Entry entry = entries.computeIfAbsent(address, a -> new Entry());
            entry.count++;
            if (entry.count == 1) {
                MessageConsumer<Envelope> consumer = vertx.eventBus().consumer(address, handler);
                entry.consumer = consumer;
                entry.registered = consumer.completion();
                live.incrementAndGet();
            }
            if (entry.count <= 0) {
                ready.tryComplete();
            } else {
                entry.registered.onComplete(ready);
            }
            dropIfUnused(address, entry);
        });
    }

    /**
     * Gives back one use of an address.
     *
     * @param address the event-bus address
     * @return a future completed once the address is unregistered, or at once if it is still in use
     */
    Future<Void> release(String address) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            Entry entry = entries.computeIfAbsent(address, a -> new Entry());
            entry.count--;
            if (entry.count == 0 && entry.consumer != null) {
                MessageConsumer<Envelope> consumer = entry.consumer;
                entry.consumer = null;
                entry.registered = null;
                live.decrementAndGet();
                consumer.unregister().onComplete(done);
            } else {
                done.complete();
            }
            dropIfUnused(address, entry);
        });
        return done.future();
    }

    /** Event-bus addresses this layer instance has registered now. */
    int live() {
        return live.get();
    }

    private void dropIfUnused(String address, Entry entry) {
        if (entry.count == 0 && entry.consumer == null) {
            entries.remove(address);
        }
    }
}
