// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** An H2 file database in a test's temporary folder, like the default one under ./data/. */
final class H2Backend implements Backend {

    private final String url;

    H2Backend(Path folder) {
        this.url = "jdbc:h2:file:" + folder.resolve("switchboard").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public DatabaseOptions options() {
        return new DatabaseOptions().setUrl(url);
    }

    @Override
    public String sessionIdSql() {
        return "SELECT SESSION_ID()";
    }

    @Override
    public String countSessionsSql() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS";
    }

    @Override
    public void close() {
        // DB_CLOSE_DELAY=-1 keeps it open, like the default: close it before its folder goes
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new AssertionError("H2 shutdown failed", e);
        }
    }
}
