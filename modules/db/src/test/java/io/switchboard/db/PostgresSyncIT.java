// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/** The sync, migration and lifecycle contract on PostgreSQL. */
class PostgresSyncIT extends SyncContract {

    @Override
    protected Backend newBackend() {
        return new PostgresBackend();
    }
}
