// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.switchboard.middleware.SessionRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in a database table, on DB workers: Django's database session backend. The application's migrations
 * create the table; the same SQL runs on H2 and PostgreSQL:
 *
 * <pre>{@code
 * CREATE TABLE switchboard_sessions (
 *     id VARCHAR(128) PRIMARY KEY,
 *     data BYTEA NOT NULL,
 *     expires_at BIGINT NOT NULL
 * );
 * CREATE INDEX switchboard_sessions_expires_at ON switchboard_sessions (expires_at);
 * }</pre>
 *
 * <p>{@code expires_at} is in epoch milliseconds. An expired row is never read, and a pass every
 * {@value #PURGE_INTERVAL_MILLIS} ms deletes them (Django's {@code clearsessions}, run for you).
 */
public final class SessionTable implements SessionRecords {

    /** The table's name unless another is given. */
    public static final String DEFAULT_TABLE = "switchboard_sessions";

    /** Time between two passes that delete expired rows. */
    public static final long PURGE_INTERVAL_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String UNIQUE_VIOLATION = "23505";

    private final Vertx vertx;
    private final Database database;
    private final String select;
    private final String update;
    private final String insert;
    private final String deleteOne;
    private final String deleteAll;
    private final String count;
    private final String purge;
    private final long timer;

    private SessionTable(Vertx vertx, Database database, String table) {
        this.vertx = vertx;
        this.database = database;
        select = "SELECT data FROM " + table + " WHERE id = ? AND expires_at > ?";
        update = "UPDATE " + table + " SET data = ?, expires_at = ? WHERE id = ?";
        insert = "INSERT INTO " + table + " (id, data, expires_at) VALUES (?, ?, ?)";
        deleteOne = "DELETE FROM " + table + " WHERE id = ?";
        deleteAll = "DELETE FROM " + table;
        count = "SELECT COUNT(*) FROM " + table;
        purge = "DELETE FROM " + table + " WHERE expires_at <= ?";
        timer = vertx.setPeriodic(PURGE_INTERVAL_MILLIS, t -> purge());
    }

    /**
     * Keeps sessions in {@value #DEFAULT_TABLE}.
     *
     * @param vertx the process's Vert.x, for the purge timer
     * @param database the database whose migrations made the table
     * @return the records; {@link #close()} them before closing the database
     */
    public static SessionTable create(Vertx vertx, Database database) {
        return create(vertx, database, DEFAULT_TABLE);
    }

    /**
     * Keeps sessions in another table of the same columns.
     *
     * @param vertx the process's Vert.x, for the purge timer
     * @param database the database whose migrations made the table
     * @param table the table's name: a SQL identifier
     * @return the records; {@link #close()} them before closing the database
     * @throws IllegalArgumentException if the name is not a plain SQL identifier
     */
    public static SessionTable create(Vertx vertx, Database database, String table) {
        Objects.requireNonNull(table, "table");
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "Session table name '" + table + "' is not a plain SQL identifier (letters, digits, '_')");
        }
        return new SessionTable(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(database), table);
    }

    @Override
    public Future<Buffer> read(String id) {
        long now = System.currentTimeMillis();
        return database.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                statement.setString(1, id);
                statement.setLong(2, now);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Buffer.buffer(row.getBytes(1)) : null;
                }
            }
        });
    }

    @Override
    public Future<Void> write(String id, Buffer record, long ttlMillis) {
        byte[] data = record.getBytes();
        long expiresAt = System.currentTimeMillis() + ttlMillis;
        return database.run(connection -> {
            if (updated(connection, id, data, expiresAt)) {
                return null;
            }
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, id);
                statement.setBytes(2, data);
                statement.setLong(3, expiresAt);
                statement.executeUpdate();
            } catch (SQLException e) {
                // another node inserted it meanwhile: the last write wins
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !updated(connection, id, data, expiresAt)) {
                    throw e;
                }
            }
            return null;
        });
    }

    private boolean updated(Connection connection, String id, byte[] data, long expiresAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setBytes(1, data);
            statement.setLong(2, expiresAt);
            statement.setString(3, id);
            return statement.executeUpdate() > 0;
        }
    }

    @Override
    public Future<Void> delete(String id) {
        return database.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(deleteOne)) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Void> clear() {
        return database.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(deleteAll)) {
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Integer> size() {
        return database.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(count);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    /**
     * Deletes the expired rows now.
     *
     * @return a future of the number deleted
     */
    public Future<Integer> purge() {
        long now = System.currentTimeMillis();
        return database.run(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(purge)) {
                        statement.setLong(1, now);
                        return statement.executeUpdate();
                    }
                })
                .onFailure(err -> LOG.warn("Expired sessions not deleted: {}", String.valueOf(err)));
    }

    /** Stops the purge timer; the database stays open. */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
