// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/** The units contract on PostgreSQL. */
class PostgresUnitsIT extends UnitsContract {

    @Override
    protected Backend newBackend() {
        return new PostgresBackend();
    }
}
