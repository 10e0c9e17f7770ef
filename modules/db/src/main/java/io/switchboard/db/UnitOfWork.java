// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import java.sql.Connection;

/**
 * A unit of blocking database work: the Java form of the function Channels hands to
 * {@code database_sync_to_async}. It runs on a DB worker thread with that worker's own connection.
 *
 * <p>A unit may block, run any JDBC or ORM code on the connection, and throw. It must not keep the connection
 * (or statements and result sets made from it) after it returns: the worker cleans the connection up and gives
 * it to the next unit. Closing the connection is allowed; the worker then takes a fresh one.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface UnitOfWork<T> {

    /**
     * Does the work.
     *
     * @param connection the worker's connection, in auto-commit mode unless the unit runs in {@code atomic}
     * @return the result, may be {@code null}
     * @throws Exception any failure: it becomes the cause of the failed future as it is, unwrapped
     */
    T run(Connection connection) throws Exception;
}
