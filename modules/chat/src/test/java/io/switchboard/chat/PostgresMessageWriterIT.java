// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

/**
 * The message writer on PostgreSQL, where the driver sends each batch as multi-row inserts
 * ({@code reWriteBatchedInserts}). Needs PostgreSQL on 127.0.0.1:5432: skipped without it, failed without it when
 * {@code CI=true}.
 */
class PostgresMessageWriterIT extends MessageWriterTest {

    @Override
    TestDatabase newDatabase() throws Exception {
        return new PostgresTestDatabase();
    }
}
