// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.spi.ConsumerMetrics;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A connection's events in arrival order, run one at a time: the next starts when the last one's future completed.
 * It is the connection's backpressure too: with {@link #PAUSE_AT} client messages behind a slow handler, the socket
 * stops reading until the queue is empty. Touched on the connection's context only.
 */
final class EventQueue {

    /** Client messages queued behind a slow handler before the socket stops reading. */
    static final int PAUSE_AT = 64;

    /** Events as the driver made them: most are layer messages kept as they are, allocation-free. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>(4);

    private final Function<Object, Future<Void>> run;
    private final BiConsumer<Object, Throwable> failed;
    private final WebSocketTransport transport;
    private final ConsumerMetrics.HandlerTimer timer;
    private boolean busy;
    private boolean paused;

    /**
     * @param run runs an event; a future not yet complete holds the queue until it completes
     * @param failed told of an event whose future failed; the queue goes on
     * @param transport paused and resumed as the queue fills and empties
     * @param timer told how long each event took
     */
    EventQueue(
            Function<Object, Future<Void>> run,
            BiConsumer<Object, Throwable> failed,
            WebSocketTransport transport,
            ConsumerMetrics.HandlerTimer timer) {
        this.run = run;
        this.timer = timer;
        this.failed = failed;
        this.transport = transport;
    }

    /** @return events waiting behind the one running */
    int waiting() {
        return pending.size();
    }

    /** Forgets the events waiting: the consumer failed, and only the ending still runs. */
    void clear() {
        pending.clear();
    }

    void add(Object event) {
        if (!busy && pending.isEmpty()) {
            // nothing ahead of it, the usual case: run it now, without a trip through the queue
            busy = true;
            if (settle(event, System.nanoTime(), run.apply(event))) {
                drain();
            }
            return;
        }
        pending.add(event);
        if (!busy) {
            drain();
        }
    }

    /** Adds a client message, and stops reading the socket when too many wait. */
    void addFromClient(Object event) {
        add(event);
        if (!paused && pending.size() >= PAUSE_AT) {
            paused = true;
            transport.pause();
        }
    }

    private void drain() {
        busy = true;
        Object event;
        while ((event = pending.poll()) != null) {
            if (!settle(event, System.nanoTime(), run.apply(event))) {
                return;
            }
        }
        busy = false;
        if (paused) {
            paused = false;
            transport.resume();
        }
    }

    /**
     * Deals with an event's outcome; returns whether the next event may run now. An event still running resumes
     * the queue (and keeps {@code busy}) when it completes.
     */
    private boolean settle(Object event, long started, Future<Void> result) {
        if (!result.isComplete()) {
            result.onComplete(ar -> {
                timer.record(System.nanoTime() - started);
                if (ar.failed()) {
                    failed.accept(event, ar.cause());
                }
                drain();
            });
            return false;
        }
        timer.record(System.nanoTime() - started);
        if (result.failed()) {
            failed.accept(event, result.cause());
        }
        return true;
    }
}
