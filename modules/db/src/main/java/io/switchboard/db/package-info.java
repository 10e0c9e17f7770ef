// SPDX-License-Identifier: Apache-2.0
/**
 * Blocking database access for Switchboard: Channels' "Database Access" on Vert.x.
 *
 * <h2>Async code</h2>
 * Consumers on event loops never touch JDBC. They hand a {@link io.switchboard.db.UnitOfWork} to
 * {@link io.switchboard.db.Database#run} or {@link io.switchboard.db.Database#atomic} and get a {@code Future};
 * the unit runs on a DB worker that owns one connection and cleans it up afterwards, as
 * {@code database_sync_to_async} and {@code close_old_connections} do. A consumer that needs its units in order
 * keeps one {@link io.switchboard.db.Database#ordered()} view.
 *
 * <h2>Sync code</h2>
 * Sync consumers and other worker threads use {@link io.switchboard.db.SyncDatabase}, with a connection bound to
 * the thread and released after each handler. On an event loop it throws
 * {@link io.switchboard.db.SynchronousOnlyOperationException}.
 *
 * <h2>Settings and schema</h2>
 * {@link io.switchboard.db.DatabaseOptions} lists the settings and their environment variables. The default is
 * an embedded H2 file under {@code ./data/}; PostgreSQL is the production database. Applications ship Flyway
 * migrations and apply them with {@link io.switchboard.db.Database#migrate}.
 *
 * <h2>Errors</h2>
 * A unit's own exception fails its future as it is. The module's own failures are
 * {@link io.switchboard.db.DatabaseOverloadedException} (queue full), {@link io.switchboard.db.DatabaseTimeoutException}
 * and {@link io.switchboard.db.DatabaseException} (closed).
 */
@ModuleGen(name = "switchboard-db", groupPackage = "io.switchboard.db")
package io.switchboard.db;

import io.vertx.codegen.annotations.ModuleGen;
