// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A private schema in the local PostgreSQL (127.0.0.1:5432, user postgres, database test), and an application
 * name that tells this test's connections apart in pg_stat_activity. When PostgreSQL is down the test is skipped,
 * or fails when CI=true.
 */
final class PostgresBackend implements Backend {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private final String schema;
    private final String applicationName;

    PostgresBackend() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.schema = "sb_db_it_" + suffix;
        this.applicationName = "sb-db-it-" + suffix;
        requireReachable();
        admin("CREATE SCHEMA " + schema);
    }

    private static void requireReachable() {
        String reason = null;
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "")) {
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

    /** Runs SQL on a separate admin connection, outside every pool under test. Blocking: JUnit thread only. */
    static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("admin SQL failed: " + sql, e);
        }
    }

    String applicationName() {
        return applicationName;
    }

    @Override
    public DatabaseOptions options() {
        return new DatabaseOptions()
                .setUrl(ADMIN_URL + "?currentSchema=" + schema)
                .setUser(USER)
                .setApplicationName(applicationName);
    }

    @Override
    public String sessionIdSql() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    public String countSessionsSql() {
        return "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'";
    }

    @Override
    public void close() {
        admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
