// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.db.Database;
import io.switchboard.db.DatabaseException;
import io.switchboard.db.DatabaseOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages are stored in batches, in the order they were saved, counted in their rooms; a full queue refuses a
 * save at once and says so.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageWriterTest {

    private final Vertx vertx = Vertx.vertx();
    private TestDatabase database;
    private Database db;

    /** @return the database the writer stores into: embedded H2 here, PostgreSQL in {@link PostgresMessageWriterIT} */
    TestDatabase newDatabase() throws Exception {
        return new H2TestDatabase();
    }

    @BeforeEach
    void open() throws Exception {
        database = newDatabase();
        db = Database.open(vertx, new DatabaseOptions(database.config())).await(10, TimeUnit.SECONDS);
        db.migrate(ChatApplication.MIGRATIONS).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        db.close().await(10, TimeUnit.SECONDS);
        database.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void messagesOfSeveralRoomsAreStoredInBatchesInTheOrderSavedAndCounted() throws Exception {
        MessageWriter writer = new MessageWriter(vertx, db, 64, 5, 10_000);
        MessageIds ids = new MessageIds();
        List<Future<Void>> saves = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String room = "room" + (i % 3);
            long now = System.currentTimeMillis();
            ChatMessage message = new ChatMessage(ids.next(now), room, null, "anonymous", "text " + i, now);
            order.add(message.id());
            saves.add(writer.save(message));
        }
        Future.all(saves).await(20, TimeUnit.SECONDS);

        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            List<String> stored = new ArrayList<>();
            try (ResultSet rows = s.executeQuery("SELECT id FROM chat_messages ORDER BY id")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).containsExactlyElementsOf(order);
            try (ResultSet rows = s.executeQuery("SELECT SUM(message_count), COUNT(*) FROM chat_rooms")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1_000);
                assertThat(rows.getLong(2)).isEqualTo(3);
            }
        }
        assertThat(writer.waiting()).isZero();
    }

    @Test
    void aFullQueueRefusesASaveAtOnceAndTheQueuedOnesAreStillStored() throws Exception {
        MessageWriter writer = new MessageWriter(vertx, db, 10, 1_000, 3);
        MessageIds ids = new MessageIds();
        List<Future<Void>> queued = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            queued.add(writer.save(new ChatMessage(ids.next(now), "lobby", null, "anonymous", "m" + i, now)));
        }

        Future<Void> refused = writer.save(new ChatMessage(ids.next(now), "lobby", null, "anonymous", "m3", now));

        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SWITCHBOARD_CHAT_WRITE_QUEUE");
        Future.all(queued).await(10, TimeUnit.SECONDS);
    }

    @Test
    void aBatchThatCannotBeStoredFailsEverySaveInIt() throws Exception {
        MessageWriter writer = new MessageWriter(vertx, db, 100, 5, 1_000);
        database.takeDown();
        long now = System.currentTimeMillis();
        MessageIds ids = new MessageIds();
        Future<Void> first = writer.save(new ChatMessage(ids.next(now), "lobby", null, "anonymous", "a", now));
        Future<Void> second = writer.save(new ChatMessage(ids.next(now), "lobby", null, "anonymous", "b", now));

        assertThat(Future.join(first, second)
                        .transform(ar -> Future.succeededFuture(ar.failed()))
                        .await(20, TimeUnit.SECONDS))
                .isTrue();
        assertThat(first.failed()).isTrue();
        assertThat(second.failed()).isTrue();
    }
}
