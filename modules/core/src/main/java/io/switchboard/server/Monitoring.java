// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.vertx.core.Future;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where an application adds its own readiness checks and figures to the management port: the launcher serves them
 * on {@code /health/ready} and {@code /metrics} beside the server's own. {@link #NONE} drops them (a context made
 * without a management server). Register from {@link Application#start}; any thread.
 *
 * <p>Names follow Prometheus: lower case with underscores, a {@code _total} suffix for counters is added by the
 * registry. A figure is read when it is scraped, so registering one costs nothing per message.
 */
public interface Monitoring {

    /** Registers nothing, and counts nothing. */
    Monitoring NONE = new Monitoring() {
        @Override
        public void readinessCheck(String name, Supplier<Future<?>> check) {}

        @Override
        public void gauge(String name, String description, DoubleSupplier value) {}

        @Override
        public void counter(String name, String description, LongSupplier total) {}

        @Override
        public void timer(String name, String description, LongSupplier count, LongSupplier totalNanos) {}
    };

    /**
     * Adds a readiness check: the node is ready only while every check's future succeeds within a second. A failed
     * check's message is shown in {@code /health/ready}'s body, under its name.
     *
     * @param name the check's name, for example {@code database}
     * @param check called on each probe, on an event loop; it must not block
     */
    void readinessCheck(String name, Supplier<Future<?>> check);

    /**
     * Adds a figure that goes up and down, such as a queue's depth.
     *
     * @param name its name
     * @param description one line of help
     * @param value read at each scrape
     */
    void gauge(String name, String description, DoubleSupplier value);

    /**
     * Adds a count that only goes up, such as units refused.
     *
     * @param name its name, without {@code _total}
     * @param description one line of help
     * @param total read at each scrape
     */
    void counter(String name, String description, LongSupplier total);

    /**
     * Adds a time spent, as a count of events and their total duration.
     *
     * @param name its name, without a unit
     * @param description one line of help
     * @param count events so far
     * @param totalNanos their total duration in nanoseconds
     */
    void timer(String name, String description, LongSupplier count, LongSupplier totalNanos);

    /** @return the server's own events' counters; {@link ServerMetrics#NONE} unless a backend is set up */
    default ServerMetrics serverMetrics() {
        return ServerMetrics.NONE;
    }
}
