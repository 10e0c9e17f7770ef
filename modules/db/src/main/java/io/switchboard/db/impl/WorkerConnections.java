// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DB workers' pool, borrowed from by one worker at a time.
 *
 * <p>HikariCP (6.3) asks its connection adder for a new connection when a borrower finds the pool empty, unless
 * as many requests as there are waiters are already queued, and it counts the waiters as each one arrives. Two
 * borrowers that find the pool empty at the same moment can thus be covered by the single request the later-counted
 * one made: one gets a connection, the other waits its whole timeout while the pool is below its size. A CI run hit
 * this when two workers replaced a killed connection together. Workers keep their connections, so borrowing is rare
 * (at start, and after a connection is replaced) and taking turns costs nothing the adder's own one-at-a-time
 * creation does not already cost.
 */
final class WorkerConnections {

    private final HikariDataSource pool;
    private final long timeoutMillis;
    private final ReentrantLock turn = new ReentrantLock(true);

    WorkerConnections(HikariDataSource pool, long timeoutMillis) {
        this.pool = pool;
        this.timeoutMillis = timeoutMillis;
    }

    HikariDataSource pool() {
        return pool;
    }

    /** A connection, waiting no longer than the connect timeout for the turn, then as long again for the pool. */
    Connection borrow() throws SQLException {
        try {
            if (!turn.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(pool.getPoolName()
                        + " - Connection is not available: other workers were still waiting for theirs after "
                        + timeoutMillis + "ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException(
                    pool.getPoolName() + " - Interrupted while waiting for a connection", e);
        }
        try {
            return pool.getConnection();
        } finally {
            turn.unlock();
        }
    }
}
