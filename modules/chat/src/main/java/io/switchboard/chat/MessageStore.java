// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chat's messages and rooms in the database. Every method returns at once; the SQL runs as units of work on
 * the DB workers, and the futures complete on the caller's context.
 */
final class MessageStore {

    /** Rooms listed on {@code /chat/}. */
    static final int LISTED_ROOMS = 100;
    /** Rooms one look for rooms to prune returns; the rest wait for the next. */
    static final int PRUNED_ROOMS = 1000;

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final MessageWriter writer;

    MessageStore(Vertx vertx, Database db, ChatSettings settings) {
        this.db = db;
        this.writer = new MessageWriter(
                vertx, db, settings.getWriteBatch(), settings.getWriteDelay(), settings.getWriteQueue());
    }

    /**
     * Stores a message and counts it in its room, with the messages saved about the same time, in one
     * transaction; messages are stored in the order they were saved.
     *
     * @param message the message
     * @return a future completed once committed
     */
    Future<Void> save(ChatMessage message) {
        return writer.save(message);
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

    /**
     * The rooms holding messages past the retention limits.
     *
     * @param before ids below it are too old ({@link MessageIds#floor}), or {@code null} for no age limit
     * @param keep messages a room keeps, 0 for no limit
     * @return at most {@value #PRUNED_ROOMS} of each kind: rooms with old messages, rooms with too many
     */
    Future<List<String>> roomsToPrune(String before, int keep) {
        return db.run(c -> {
            Set<String> rooms = new LinkedHashSet<>();
            if (before != null) {
                // ids start with their time: the primary key's index finds the old messages
                names(c, rooms, "SELECT DISTINCT room FROM chat_messages WHERE id < ?", before);
            }
            if (keep > 0) {
                names(c, rooms, "SELECT name FROM chat_rooms WHERE message_count > ?", keep);
            }
            return List.copyOf(rooms);
        });
    }

    /**
     * Deletes a room's messages past the retention limits, in one transaction, and the room's row once it has no
     * message left.
     *
     * @param room the room
     * @param before ids below it are too old, or {@code null} for no age limit
     * @param keep newest messages kept, 0 for no limit
     * @return how many messages were deleted
     */
    Future<Integer> prune(String room, String before, int keep) {
        return db.atomic(c -> pruneRoom(c, room, before, keep));
    }

    private static void names(Connection c, Set<String> into, String sql, Object bound) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql + " LIMIT " + PRUNED_ROOMS)) {
            s.setObject(1, bound);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    into.add(rows.getString(1));
                }
            }
        }
    }

    private static int pruneRoom(Connection c, String room, String before, int keep) throws SQLException {
        // the room's row first, as writers take it: pruning and storing never wait for each other in a cycle
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM chat_rooms WHERE name = ? FOR UPDATE")) {
            s.setString(1, room);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return 0;
                }
            }
        }
        String below = before;
        String oldestKept = keep > 0 ? newest(c, room, keep) : null;
        if (oldestKept != null && (below == null || oldestKept.compareTo(below) > 0)) {
            below = oldestKept;
        }
        if (below == null) {
            return 0;
        }
        int deleted;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_messages WHERE room = ? AND id < ?")) {
            s.setString(1, room);
            s.setString(2, below);
            deleted = s.executeUpdate();
        }
        if (deleted > 0) {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE chat_rooms SET message_count = message_count - ? WHERE name = ?")) {
                s.setInt(1, deleted);
                s.setString(2, room);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_rooms WHERE name = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM chat_messages WHERE room = ?)")) {
                s.setString(1, room);
                s.setString(2, room);
                s.executeUpdate();
            }
        }
        return deleted;
    }

    /** The id of the room's {@code n}-th newest message, or {@code null} if it has fewer. */
    private static String newest(Connection c, String room, int n) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT id FROM chat_messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            s.setString(1, room);
            s.setInt(2, n - 1);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /**
     * Stores messages and counts them in their rooms, in the caller's transaction: one update per room, in name
     * order, so that writers of several rooms (other batches, other processes) and pruning, which takes one room
     * at a time, never wait for each other in a cycle; then every row. The updates go in one JDBC batch and the
     * rows in another, so that PostgreSQL gets each batch in one round trip rather than one per statement.
     */
    static void insertAll(Connection c, List<ChatMessage> messages) throws SQLException {
        Map<String, RoomCount> rooms = new TreeMap<>();
        for (ChatMessage message : messages) {
            rooms.computeIfAbsent(message.room(), r -> new RoomCount()).add(message.at());
        }
        count(c, rooms);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO chat_messages (id, room, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (ChatMessage message : messages) {
                s.setString(1, message.id());
                s.setString(2, message.room());
                if (message.authorId() == null) {
                    s.setNull(3, Types.BIGINT);
                } else {
                    s.setLong(3, message.authorId());
                }
                s.setString(4, message.text());
                s.setObject(5, time(message.at()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** How many messages a batch adds to a room, and its latest. */
    private static final class RoomCount {
        int messages;
        long latest;

        void add(long at) {
            messages++;
            latest = Math.max(latest, at);
        }
    }

    private static final String COUNT_IN_ROOM = "UPDATE chat_rooms SET message_count = message_count + ?,"
            + " last_activity = GREATEST(last_activity, ?) WHERE name = ?";

    /** Counts the messages in their rooms, in name order; makes the rooms that have no row yet. */
    private static void count(Connection c, Map<String, RoomCount> rooms) throws SQLException {
        int[] updated;
        try (PreparedStatement s = c.prepareStatement(COUNT_IN_ROOM)) {
            for (Map.Entry<String, RoomCount> room : rooms.entrySet()) {
                bindCount(s, room.getKey(), room.getValue());
                s.addBatch();
            }
            updated = s.executeBatch();
        }
        int i = 0;
        for (Map.Entry<String, RoomCount> room : rooms.entrySet()) {
            if (updated[i++] == 0) {
                newRoom(c, room.getKey(), room.getValue());
            }
        }
    }

    private static void newRoom(Connection c, String room, RoomCount added) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO chat_rooms (name, message_count, last_activity) VALUES (?, ?, ?)")) {
            s.setString(1, room);
            s.setInt(2, added.messages);
            s.setObject(3, time(added.latest));
            s.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // another writer made the room first
            c.rollback(before);
            try (PreparedStatement s = c.prepareStatement(COUNT_IN_ROOM)) {
                bindCount(s, room, added);
                if (s.executeUpdate() != 1) {
                    throw e;
                }
            }
        }
    }

    private static void bindCount(PreparedStatement s, String room, RoomCount added) throws SQLException {
        s.setInt(1, added.messages);
        s.setObject(2, time(added.latest));
        s.setString(3, room);
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
