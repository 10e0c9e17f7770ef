// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.switchboard.server.Monitoring;
import java.time.Duration;

/**
 * Puts a database on the management port: a {@code database} readiness check (a connection that answers within a
 * second) and its {@link DatabaseStats} as figures, read at each scrape.
 *
 * <pre>{@code
 * DatabaseMonitoring.register(db, app.monitoring());
 * }</pre>
 */
public final class DatabaseMonitoring {

    /** How long the readiness check's unit may take, queue included. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

    private DatabaseMonitoring() {}

    /**
     * Registers the check and the figures.
     *
     * @param db the database
     * @param monitoring the application's {@code AppContext.monitoring()}
     */
    public static void register(Database db, Monitoring monitoring) {
        Database probe = db.withTimeout(CHECK_TIMEOUT);
        monitoring.readinessCheck(
                "database",
                () -> probe.run(connection -> {
                    if (!connection.isValid((int) CHECK_TIMEOUT.toSeconds())) {
                        throw new DatabaseException("the database did not answer a validity check", null);
                    }
                    return null;
                }));
        monitoring.gauge(
                "switchboard.db.workers", "DB workers", () -> db.stats().workers());
        monitoring.gauge(
                "switchboard.db.workers.busy",
                "DB workers running a unit now",
                () -> db.stats().busyWorkers());
        monitoring.gauge(
                "switchboard.db.queue.depth",
                "Units waiting for a DB worker",
                () -> db.stats().queuedUnits());
        monitoring.counter(
                "switchboard.db.units.completed",
                "Units that returned a result",
                () -> db.stats().completedUnits());
        monitoring.counter(
                "switchboard.db.units.failed",
                "Units that threw",
                () -> db.stats().failedUnits());
        monitoring.counter(
                "switchboard.db.units.overloaded",
                "Units refused because the queue was full (db.queueSize)",
                () -> db.stats().rejectedUnits());
        monitoring.counter(
                "switchboard.db.units.timed.out",
                "Units failed at their timeout (db.unitTimeout)",
                () -> db.stats().timedOutUnits());
        monitoring.timer(
                "switchboard.db.unit.wait",
                "Time units waited for a DB worker",
                () -> db.stats().startedUnits(),
                () -> db.stats().waitNanos());
        monitoring.timer(
                "switchboard.db.unit.run",
                "Time DB workers spent on units",
                () -> db.stats().startedUnits(),
                () -> db.stats().runNanos());
    }
}
