// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local PostgreSQL the tests share: 127.0.0.1:5432, user {@code postgres} with trust authentication, and the
 * database {@code test} to start from. Each test keeps apart in a schema or a database of its own, named by
 * {@link #uniqueName} and dropped afterwards. When the server does not answer, {@link #require} applies
 * {@link Services#missing}. Blocking: JUnit thread only.
 */
public final class Postgres {

    /** The server's JDBC URL without a database: append one. */
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    /** The database tests start from, and where schemas of their own go. */
    public static final String TEST_DATABASE = "test";

    public static final String USER = "postgres";

    private Postgres() {}

    /** Skips the calling test, or fails it when {@code CI=true}, unless the server takes a connection. */
    public static void require() {
        DriverManager.setLoginTimeout(3);
        try (Connection c = connect(TEST_DATABASE)) {
            c.isValid(3);
        } catch (SQLException e) {
            Services.missing("PostgreSQL not reachable on 127.0.0.1:5432 (" + e.getMessage() + ")");
        }
    }

    /**
     * A name no other test uses, for a schema, a database or an application name.
     *
     * @param tag what it belongs to, e.g. {@code chat_it_}
     * @return {@code tag} and 12 random hexadecimal digits
     */
    public static String uniqueName(String tag) {
        return tag + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * A new connection of the test's own, as {@link #USER}.
     *
     * @param database the database
     * @return the connection, in auto-commit mode; the caller closes it
     */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(SERVER + database, USER, "");
    }

    /**
     * Runs SQL on an administrative connection to {@link #TEST_DATABASE}, outside every pool under test: {@code CREATE
     * DATABASE}, {@code DROP SCHEMA}, {@code pg_terminate_backend}.
     *
     * @param sql one statement
     * @throws AssertionError if it fails, with the statement
     */
    public static void admin(String sql) {
        try (Connection c = connect(TEST_DATABASE);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("admin SQL failed: " + sql, e);
        }
    }
}
