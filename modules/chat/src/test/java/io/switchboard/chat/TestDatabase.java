// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;

/** A database private to one test, for the chat's {@code db} section, that the test can slow down or take away. */
interface TestDatabase extends AutoCloseable {

    /** @return the {@code db} section pointing at this database */
    JsonObject config();

    /**
     * Takes a row lock on a room's {@code chat_rooms} row from a connection of the test's own, so that every
     * message stored in that room waits: a slow database. Blocking: JUnit thread only.
     *
     * @param room a room that has a stored message
     * @return the lock; releasing it rolls back and lets the writers go on
     */
    RoomLock lockRoom(String room) throws SQLException;

    /**
     * A connection of the test's own, to put rows in place as an earlier run would have left them. Blocking: JUnit
     * thread only.
     *
     * @return a new connection in auto-commit mode; the caller closes it
     */
    Connection connect() throws SQLException;

    /** Makes the database unreachable for the chat: its connections die and new ones are refused. */
    void takeDown() throws SQLException;

    @Override
    void close() throws SQLException;

    /** A row lock held by the test. */
    @FunctionalInterface
    interface RoomLock {

        /** Rolls back and closes the lock's connection. */
        void release() throws SQLException;
    }
}
