// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.db.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/** Django's {@code atomic}: a transaction around a unit, or a savepoint when one is already open. */
final class Transactions {

    private Transactions() {}

    static <T> T atomic(Connection connection, UnitOfWork<T> work) throws Exception {
        if (!connection.getAutoCommit()) {
            return inSavepoint(connection, work);
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (Throwable failure) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken connection: the cleanup after the unit finds and replaces it
            }
        }
    }

    private static <T> T inSavepoint(Connection connection, UnitOfWork<T> work) throws Exception {
        Savepoint savepoint = connection.setSavepoint();
        try {
            T result = work.run(connection);
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (Throwable failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
    }
}
