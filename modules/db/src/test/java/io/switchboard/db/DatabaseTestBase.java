// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.switchboard.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Opens databases on a test's backend and closes them after it; SQL helpers for units. */
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
@Timeout(value = 20, unit = TimeUnit.SECONDS)
abstract class DatabaseTestBase {

    protected Vertx vertx;
    protected Backend backend;
    private final List<Database> opened = new ArrayList<>();

    /** A fresh backend for one test. */
    protected abstract Backend newBackend();

    @BeforeEach
    void setUpBackend(Vertx vertx) {
        this.vertx = vertx;
        this.backend = newBackend();
    }

    @AfterEach
    void closeDatabases() {
        try {
            for (Database db : opened) {
                Await.result(db.close());
            }
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    protected DatabaseOptions options() {
        return backend.options();
    }

    protected Database open(DatabaseOptions options) {
        Database db = Await.result(Database.open(vertx, options));
        opened.add(db);
        return db;
    }

    protected String sessionId(Connection c) throws SQLException {
        return query(c, backend.sessionIdSql());
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static int countItems(Connection c) throws SQLException {
        return Integer.parseInt(query(c, "SELECT COUNT(*) FROM items"));
    }

    static void createItems(Database db) {
        Await.result(db.run(c -> {
            exec(c, "DROP TABLE IF EXISTS items");
            exec(c, "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50))");
            return null;
        }));
    }

    static int countItems(Database db) {
        return Await.result(db.run(DatabaseTestBase::countItems));
    }
}
