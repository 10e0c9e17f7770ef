// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.testsupport.Postgres;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A database of its own for one test on the shared PostgreSQL ({@link Postgres}), made from the {@code test}
 * database and dropped afterwards. Taking it down forbids new connections and terminates the chat's. Without
 * PostgreSQL the test is skipped with the reason, or fails when {@code CI=true}.
 */
final class PostgresTestDatabase implements TestDatabase {

    private final String name = Postgres.uniqueName("chat_it_");

    PostgresTestDatabase() {
        Postgres.require();
        Postgres.admin("CREATE DATABASE " + name);
    }

    @Override
    public JsonObject config() {
        return new JsonObject()
                .put("url", Postgres.SERVER + name)
                .put("user", Postgres.USER)
                .put("connectTimeout", 1000)
                .put("applicationName", name);
    }

    @Override
    public RoomLock lockRoom(String room) throws SQLException {
        Connection holder = connect();
        holder.setAutoCommit(false);
        try (PreparedStatement s = holder.prepareStatement("SELECT name FROM chat_rooms WHERE name = ? FOR UPDATE")) {
            s.setString(1, room);
            if (!s.executeQuery().next()) {
                holder.close();
                throw new IllegalStateException("Room " + room + " has no row to lock; store a message in it first");
            }
        }
        return () -> {
            holder.rollback();
            holder.close();
        };
    }

    @Override
    public Connection connect() throws SQLException {
        return Postgres.connect(name);
    }

    @Override
    public void takeDown() {
        Postgres.admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        Postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    @Override
    public void close() {
        Postgres.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
