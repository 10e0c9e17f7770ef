// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Django's {@code close_old_connections} for one database: rolls back transactions left open, tells broken and
 * old connections apart, and retires them from their pool. Thread-safe; each connection is only ever passed in by
 * the one thread using it.
 */
final class ConnectionJanitor {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionJanitor.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final long maxAgeNanos;
    private final boolean postgres;
    // keyed by the physical connection: the pool's proxies change, the connection does not
    private final Map<Connection, Long> born = Collections.synchronizedMap(new WeakHashMap<>());
    final LongAdder rolledBack = new LongAdder();
    final LongAdder replaced = new LongAdder();

    ConnectionJanitor(long maxAgeSeconds, String url) {
        this.maxAgeNanos = maxAgeSeconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(maxAgeSeconds);
        this.postgres = url.startsWith("jdbc:postgresql:");
    }

    /** Notes when a connection was first handed out; its age counts from then. */
    void adopted(Connection connection) {
        born.putIfAbsent(physical(connection), System.nanoTime());
    }

    /** Whether the connection has lived past the max age. */
    boolean tooOld(Connection connection) {
        if (maxAgeNanos < 0) {
            return false;
        }
        Long since = born.get(physical(connection));
        return since == null || System.nanoTime() - since >= maxAgeNanos;
    }

    /** Whether the connection still works: one round trip to the server. */
    boolean valid(Connection connection) {
        try {
            return !connection.isClosed() && connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Rolls back a transaction the user left open and puts the connection back in auto-commit mode.
     *
     * @return {@code false} when the connection failed while doing so, and must be retired
     */
    boolean rollbackLeftover(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
                rolledBack.increment();
            } else if (postgres && PostgresProbe.inTransaction(connection)) {
                // an explicit BEGIN in auto-commit mode: the driver tracks the server's transaction state
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                }
                rolledBack.increment();
            }
            return true;
        } catch (SQLException e) {
            LOG.debug("Rollback of a leftover transaction failed; the connection will be replaced", e);
            return false;
        }
    }

    /**
     * Closes a connection and removes it from its pool at once, so that the pool may open a new one without the
     * number of open connections ever passing its maximum.
     */
    void retire(HikariDataSource pool, Connection connection, String reason) {
        replaced.increment();
        Connection physical = physical(connection);
        born.remove(physical);
        LOG.debug("Replacing a connection of {}: {}", pool.getPoolName(), reason);
        try {
            physical.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Closing a retired connection failed", e);
        }
        pool.evictConnection(connection);
    }

    /**
     * Kills a connection from another thread while a unit uses it: on PostgreSQL the server first cancels the
     * running statement, else the backend would run it to its end after the socket is gone.
     */
    void abort(Connection connection) {
        Connection physical = physical(connection);
        try {
            if (postgres) {
                PostgresProbe.cancel(physical);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cancelling the statement of a timed-out unit failed", e);
        }
        try {
            physical.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Aborting the connection of a timed-out unit failed", e);
        }
    }

    /** Counts a connection the unit closed itself (it went back to the pool). */
    void droppedByUser() {
        replaced.increment();
    }

    static Connection physical(Connection connection) {
        try {
            return connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
        } catch (SQLException e) {
            return connection;
        }
    }
}
