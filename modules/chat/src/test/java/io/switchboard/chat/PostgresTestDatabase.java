// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test on the local PostgreSQL (127.0.0.1:5432, user postgres, trust), made from
 * the {@code test} database and dropped afterwards. Taking it down forbids new connections and terminates the
 * chat's. Without PostgreSQL the test is skipped with the reason, or fails when {@code CI=true}.
 */
final class PostgresTestDatabase implements TestDatabase {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name =
            "chat_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    PostgresTestDatabase() throws SQLException {
        requireReachable();
        admin("CREATE DATABASE " + name);
    }

    private static void requireReachable() {
        String reason = null;
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, "")) {
            c.isValid(3);
        } catch (SQLException e) {
            reason = "PostgreSQL not reachable on 127.0.0.1:5432 (" + e.getMessage() + ")";
        }
        if (reason != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI=true requires it");
            }
            System.out.println("Skipping: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public JsonObject config() {
        return new JsonObject()
                .put("url", SERVER + name)
                .put("user", USER)
                .put("connectTimeout", 1000)
                .put("applicationName", name);
    }

    @Override
    public RoomLock lockRoom(String room) throws SQLException {
        Connection holder = DriverManager.getConnection(SERVER + name, USER, "");
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
        return DriverManager.getConnection(SERVER + name, USER, "");
    }

    @Override
    public void takeDown() throws SQLException {
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
