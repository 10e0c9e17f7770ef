// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A named in-memory H2 database for one test. The test keeps it alive with a connection of its own; the chat opens
 * it with {@code IFEXISTS=TRUE}, so once the test shuts it down it is gone for the chat too, as a stopped server
 * would be. Locks wait up to 10 s, as PostgreSQL's would (H2's default is 1 s).
 */
final class H2TestDatabase implements TestDatabase {

    private final String name = "chat-" + UUID.randomUUID();
    private final Connection keeper;
    private boolean down;

    H2TestDatabase() throws SQLException {
        keeper = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    private String url() {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;IFEXISTS=TRUE;LOCK_TIMEOUT=10000";
    }

    @Override
    public JsonObject config() {
        return new JsonObject().put("url", url()).put("connectTimeout", 1000);
    }

    @Override
    public RoomLock lockRoom(String room) throws SQLException {
        Connection holder = DriverManager.getConnection(url(), "sa", "");
        holder.setAutoCommit(false);
        try (PreparedStatement s = holder.prepareStatement("SELECT name FROM chat_rooms WHERE name = ? FOR UPDATE")) {
            s.setString(1, room);
            if (!s.executeQuery().next()) {
                holder.close();
                throw new IllegalStateException("Room " + room + " has no row to lock; store a message in it first");
            }
        }
        return () -> {
            holder.rollback();
            holder.close();
        };
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }

    @Override
    public void takeDown() throws SQLException {
        try (Statement s = keeper.createStatement()) {
            s.execute("SHUTDOWN");
        }
        down = true;
    }

    @Override
    public void close() throws SQLException {
        if (!down) {
            takeDown();
        }
        keeper.close();
    }
}
