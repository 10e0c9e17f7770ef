// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

/** A database server for one test: where to connect and how to ask it about its sessions. */
interface Backend extends AutoCloseable {

    /** Settings pointing at a database private to this test. */
    DatabaseOptions options();

    /** SQL returning the server-side id of the asking connection's session. */
    String sessionIdSql();

    /** SQL counting the open sessions of this test's database connections, the asking one included. */
    String countSessionsSql();

    @Override
    void close();
}
