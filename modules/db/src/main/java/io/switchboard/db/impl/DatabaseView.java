// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.db.Database;
import io.switchboard.db.DatabaseOptions;
import io.switchboard.db.DatabaseStats;
import io.switchboard.db.SyncDatabase;
import io.switchboard.db.UnitOfWork;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Objects;

/** A view of a database with its own timeout and, when ordered, its own lane; everything else is shared. */
final class DatabaseView implements Database {

    private final DatabaseImpl root;
    private final Lane lane;
    private final Duration timeout;

    DatabaseView(DatabaseImpl root, Lane lane, Duration timeout) {
        this.root = root;
        this.lane = lane;
        this.timeout = timeout;
    }

    static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 (0 = none), was " + timeout);
        }
        return timeout;
    }

    @Override
    public <T> Future<T> run(UnitOfWork<T> work) {
        return root.submit(work, false, lane, timeout);
    }

    @Override
    public <T> Future<T> atomic(UnitOfWork<T> work) {
        return root.submit(work, true, lane, timeout);
    }

    @Override
    public Database ordered() {
        return new DatabaseView(root, new Lane(), timeout);
    }

    @Override
    public Database withTimeout(Duration timeout) {
        return new DatabaseView(root, lane, checkTimeout(timeout));
    }

    @Override
    public SyncDatabase sync() {
        return root.sync();
    }

    @Override
    public Pool pool() {
        return root.pool();
    }

    @Override
    public Future<Integer> migrate(String... locations) {
        return root.migrate(locations);
    }

    @Override
    public DatabaseStats stats() {
        return root.stats();
    }

    @Override
    public DatabaseOptions options() {
        return root.options();
    }

    @Override
    public Future<Void> close() {
        return root.close();
    }
}
