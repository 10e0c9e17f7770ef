// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.db.DatabaseException;
import io.switchboard.db.SyncDatabase;
import io.switchboard.db.SynchronousOnlyOperationException;
import io.switchboard.db.UnitOfWork;
import io.vertx.core.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thread-bound connections from a bounded pool, for code that may block. */
final class SyncDatabaseImpl implements SyncDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDatabaseImpl.class);
    // every open database, so that the sync-handler hook can release the current thread's connections
    private static final Set<SyncDatabaseImpl> OPEN = ConcurrentHashMap.newKeySet();

    private final HikariDataSource pool;
    private final ConnectionJanitor janitor;
    private final boolean allowAsyncUnsafe;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    SyncDatabaseImpl(HikariDataSource pool, ConnectionJanitor janitor, boolean allowAsyncUnsafe) {
        this.pool = pool;
        this.janitor = janitor;
        this.allowAsyncUnsafe = allowAsyncUnsafe;
        OPEN.add(this);
    }

    /** Releases the connections the calling thread holds in every open database. Never throws. */
    static void releaseCurrentThread() {
        for (SyncDatabaseImpl db : OPEN) {
            db.release();
        }
    }

    void closed() {
        OPEN.remove(this);
    }

    @Override
    public Connection connection() throws SQLException {
        guard("SyncDatabase.connection()");
        return bind();
    }

    @Override
    public <T> T run(UnitOfWork<T> work) throws SQLException {
        guard("SyncDatabase.run(...)");
        Connection c = bind();
        try {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DatabaseException("Unit of work failed: " + e, e);
        }
    }

    @Override
    public <T> T atomic(UnitOfWork<T> work) throws SQLException {
        guard("SyncDatabase.atomic(...)");
        Connection c = bind();
        try {
            return Transactions.atomic(c, work);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DatabaseException("Unit of work failed: " + e, e);
        }
    }

    @Override
    public void release() {
        Connection c = bound.get();
        if (c == null) {
            return;
        }
        bound.remove();
        try {
            if (c.isClosed()) {
                janitor.droppedByUser();
            } else if (!janitor.rollbackLeftover(c)) {
                janitor.retire(pool, c, "it failed while rolling back a leftover transaction");
            } else if (janitor.tooOld(c)) {
                janitor.retire(pool, c, "it is older than maxAge");
            } else {
                c.close();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Releasing a thread-bound connection failed; replacing it", e);
            janitor.retire(pool, c, "its release failed");
        }
    }

    private Connection bind() throws SQLException {
        Connection c = bound.get();
        if (c != null && !c.isClosed()) {
            return c;
        }
        c = pool.getConnection();
        janitor.adopted(c);
        bound.set(c);
        return c;
    }

    private void guard(String operation) {
        if (!allowAsyncUnsafe && Context.isOnEventLoopThread()) {
            throw new SynchronousOnlyOperationException(
                    operation, Thread.currentThread().getName());
        }
    }
}
