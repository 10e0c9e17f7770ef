// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.db.DatabaseException;
import io.switchboard.db.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What an embedded H2 file database needs beyond its pools: one process at a time (H2 locks the file; a second
 * process is told so at once instead of waiting for the pool's connect timeout), and a close of our own. H2's own
 * close at JVM exit would run beside the stop, which still uses the database, and write "Database is already closed"
 * into its trace file; {@code DB_CLOSE_ON_EXIT=FALSE} turns it off, and {@link #shutDown} closes the file once the
 * pools are closed. Blocking: worker threads only.
 */
final class EmbeddedH2 {

    /** H2's "Database may be already in use". */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    private EmbeddedH2() {}

    /**
     * @return whether the URL names an H2 database in a file that this process alone opens: not in memory, not a
     *     server, and not shared with {@code AUTO_SERVER}, whose other processes must not shut it down
     */
    static boolean isEmbeddedFile(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        return !rest.startsWith("mem:")
                && !rest.startsWith("tcp:")
                && !rest.startsWith("ssl:")
                && !rest.replace(" ", "").contains("auto_server=true");
    }

    /** @return the URL, with H2's close at JVM exit turned off for an embedded file */
    static String url(String url) {
        if (!isEmbeddedFile(url) || url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** @return the file the URL names, as the operator wrote it: {@code ./data/switchboard} */
    static String file(String url) {
        String rest = url.substring("jdbc:h2:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int settings = rest.indexOf(';');
        return settings < 0 ? rest : rest.substring(0, settings);
    }

    /**
     * Opens the database once, so that a file locked by another process fails now with a message that says so.
     *
     * @throws DatabaseException naming the file when another process holds it
     */
    static void checkFree(DatabaseOptions options) {
        if (!isEmbeddedFile(options.getUrl())) {
            return;
        }
        try (Connection ignored =
                DriverManager.getConnection(Pools.url(options), Pools.user(options), options.getPassword())) {
            // open: DB_CLOSE_DELAY=-1 keeps it so, for the pools
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new DatabaseException(
                        "the database " + file(options.getUrl()) + " is in use by another process: stop that"
                                + " process, or give this one another file with SWITCHBOARD_DB_URL",
                        null);
            }
            // anything else: the pools report it as they always did
        }
    }

    /** Closes the database file after the pools closed, so that H2 writes it out now and not at JVM exit. */
    static void shutDown(DatabaseOptions options) {
        if (!isEmbeddedFile(options.getUrl())) {
            return;
        }
        // IFEXISTS: a database already closed is not created again just to be shut down
        String url = Pools.url(options);
        if (!url.toUpperCase(Locale.ROOT).contains("IFEXISTS")) {
            url += ";IFEXISTS=TRUE";
        }
        try (Connection c = DriverManager.getConnection(url, Pools.user(options), options.getPassword());
                Statement statement = c.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            // closed already, or never opened
        }
    }
}
