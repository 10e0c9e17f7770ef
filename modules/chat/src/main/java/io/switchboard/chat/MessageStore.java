// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The chat's messages and rooms in the database. Every method returns at once; the SQL runs as units of work on
 * the DB workers, and the futures complete on the caller's context.
 */
final class MessageStore {

    /** Rooms listed on {@code /chat/}. */
    static final int LISTED_ROOMS = 100;

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    MessageStore(Database db) {
        this.db = db;
    }

    /** @return the database, for the consumers' own ordered views */
    Database database() {
        return db;
    }

    /**
     * Stores a message and counts it in its room, in one transaction.
     *
     * @param writer the view to run on: a consumer's ordered view keeps its messages in the order it sent them
     * @param message the message
     * @return a future completed once committed
     */
    Future<Void> save(Database writer, ChatMessage message) {
        return writer.atomic(c -> {
            insert(c, message);
            return null;
        });
    }

    /**
     * The room's latest messages.
     *
     * @param room the room
     * @param limit how many
     * @param timeoutMillis how long the caller waits
     * @return the browser frames {@code {"id", "message", "user", "at"}}, oldest first
     */
    Future<List<JsonObject>> recent(String room, int limit, long timeoutMillis) {
        if (limit == 0) {
            return Future.succeededFuture(List.of());
        }
        return db.withTimeout(Duration.ofMillis(timeoutMillis)).run(c -> select(c, room, limit));
    }

    /**
     * The rooms with messages, most recently active first.
     *
     * @return {@code [{"name", "messages", "lastActivity"}]}, at most {@value #LISTED_ROOMS}
     */
    Future<List<JsonObject>> rooms() {
        return db.run(MessageStore::selectRooms);
    }

    private static void insert(Connection c, ChatMessage message) throws SQLException {
        OffsetDateTime at = time(message.at());
        // the room's row first: it orders concurrent writers of one room, and the message refers to it
        if (countInRoom(c, message.room(), at) == 0) {
            Savepoint before = c.setSavepoint();
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO chat_rooms (name, message_count, last_activity) VALUES (?, 1, ?)")) {
                s.setString(1, message.room());
                s.setObject(2, at);
                s.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // another writer made the room first
                c.rollback(before);
                if (countInRoom(c, message.room(), at) != 1) {
                    throw e;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO chat_messages (id, room, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, message.id());
            s.setString(2, message.room());
            if (message.authorId() == null) {
                s.setNull(3, Types.BIGINT);
            } else {
                s.setLong(3, message.authorId());
            }
            s.setString(4, message.text());
            s.setObject(5, at);
            s.executeUpdate();
        }
    }

    private static int countInRoom(Connection c, String room, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE chat_rooms SET message_count = message_count + 1,"
                + " last_activity = GREATEST(last_activity, ?) WHERE name = ?")) {
            s.setObject(1, at);
            s.setString(2, room);
            return s.executeUpdate();
        }
    }

    private static List<JsonObject> select(Connection c, String room, int limit) throws SQLException {
        List<JsonObject> frames = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT m.id, m.body, m.created_at, u.username"
                + " FROM chat_messages m LEFT JOIN chat_users u ON u.id = m.author_id"
                + " WHERE m.room = ? ORDER BY m.id DESC LIMIT ?")) {
            s.setString(1, room);
            s.setInt(2, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    String user = rows.getString(4);
                    frames.add(new JsonObject()
                            .put("id", rows.getString(1))
                            .put("message", rows.getString(2))
                            .put("user", user == null ? User.anonymous().username() : user)
                            .put("at", millis(rows.getObject(3, OffsetDateTime.class))));
                }
            }
        }
        Collections.reverse(frames);
        return frames;
    }

    private static List<JsonObject> selectRooms(Connection c) throws SQLException {
        List<JsonObject> rooms = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, message_count, last_activity FROM chat_rooms"
                        + " ORDER BY last_activity DESC LIMIT " + LISTED_ROOMS);
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                rooms.add(new JsonObject()
                        .put("name", rows.getString(1))
                        .put("messages", rows.getLong(2))
                        .put("lastActivity", millis(rows.getObject(3, OffsetDateTime.class))));
            }
        }
        return rooms;
    }

    private static OffsetDateTime time(long millis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
