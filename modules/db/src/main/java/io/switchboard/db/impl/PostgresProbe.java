// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** What only pgjdbc offers: its transaction state, and cancelling the running statement on the server. */
final class PostgresProbe {

    private PostgresProbe() {}

    /** Whether the server has a transaction open on the connection, from its ReadyForQuery messages. */
    static boolean inTransaction(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(BaseConnection.class)) {
            return false;
        }
        return connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    /** Asks the server to cancel the connection's running statement (a cancel request on a short connection). */
    static void cancel(Connection connection) throws SQLException {
        if (connection.isWrapperFor(BaseConnection.class)) {
            connection.unwrap(BaseConnection.class).cancelQuery();
        }
    }
}
