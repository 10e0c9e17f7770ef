// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where history meets live messages, and what a slow or lost database does to the live chat; over real sockets,
 * written once and run on H2 and on PostgreSQL.
 */
abstract class SeamAndTroubleScenarios {

    private static final Duration QUIET = Duration.ofMillis(300);

    private TestDatabase database;
    private ChatServer server;

    /** A database of the test's own. */
    abstract TestDatabase newDatabase() throws Exception;

    private void start(JsonObject db, JsonObject chat) throws Exception {
        database = newDatabase();
        JsonObject base = database.config();
        TestDatabase wrapped = new TestDatabase() {
            @Override
            public JsonObject config() {
                return base.copy().mergeIn(db);
            }

            @Override
            public RoomLock lockRoom(String room) throws SQLException {
                return database.lockRoom(room);
            }

            @Override
            public Connection connect() throws SQLException {
                return database.connect();
            }

            @Override
            public void takeDown() throws SQLException {
                database.takeDown();
            }

            @Override
            public void close() {}
        };
        server = ChatServer.start(wrapped, chat);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void readersJoiningDuringConcurrentSendsSeeEveryMessageOnceAndEachSendersInOrder() throws Exception {
        start(new JsonObject(), new JsonObject().put("history", 1000));
        int senders = 3;
        int each = 40;
        List<ChatSocket> writers = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            writers.add(server.visitor().enter("busy"));
            writers.get(s).history();
        }
        CountDownLatch quarter = new CountDownLatch(1);
        CountDownLatch half = new CountDownLatch(1);
        CountDownLatch threeQuarters = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            ChatSocket writer = writers.get(s);
            String name = "s" + s;
            boolean pacer = s == 0;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        writer.say(name + " " + i);
                        if (pacer && i == each / 4) {
                            quarter.countDown();
                        } else if (pacer && i == each / 2) {
                            half.countDown();
                        } else if (pacer && i == 3 * each / 4) {
                            threeQuarters.countDown();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        List<ChatSocket> readers = new ArrayList<>();
        for (CountDownLatch moment : List.of(quarter, half, threeQuarters)) {
            assertThat(moment.await(10, TimeUnit.SECONDS)).isTrue();
            readers.add(server.visitor().enter("busy"));
        }
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as("a sender still sending").isFalse();
        }
        assertThat(failure.get()).isNull();
        for (ChatSocket writer : writers) {
            for (int i = 0; i < senders * each; i++) {
                writer.message();
            }
            writer.nothing(QUIET);
        }
        for (ChatSocket reader : readers) {
            List<String> seen = new ArrayList<>();
            reader.history().forEach(m -> seen.add(m.getString("message")));
            while (seen.size() < senders * each) {
                JsonObject next = reader.poll(ChatSocket.WAIT);
                assertThat(next)
                        .as("message %s of %s; seen %s", seen.size() + 1, senders * each, seen)
                        .isNotNull();
                seen.add(next.getString("message"));
            }
            reader.nothing(QUIET);
            assertThat(new HashSet<>(seen)).as("each message once").hasSize(senders * each);
            Map<String, Integer> last = new HashMap<>();
            for (String text : seen) {
                String[] parts = text.split(" ");
                int index = Integer.parseInt(parts[1]);
                assertThat(index)
                        .as("%s after %s in %s", text, last.get(parts[0]), seen)
                        .isGreaterThan(last.getOrDefault(parts[0], -1));
                last.put(parts[0], index);
            }
            reader.close();
        }
        writers.forEach(ChatSocket::close);
    }

    @Test
    void aSlowDatabaseHoldsBackNoLiveMessageAndANewReaderGetsEachMessageOnce() throws Exception {
        // one DB worker: while it waits on the lock, a new reader's history waits too, and live messages queue
        // (Flyway takes two connections of the sync pool, which is as large as the worker count by default)
        start(
                new JsonObject().put("workers", 1).put("syncConnections", 2),
                new JsonObject().put("historyTimeout", 20_000));
        Visitor alice = server.visitor();
        Visitor bob = server.visitor();
        try (ChatSocket aliceTab = alice.enter("slow");
                ChatSocket bobTab = bob.enter("slow")) {
            aliceTab.history();
            bobTab.history();
            aliceTab.say("m0");
            aliceTab.message();
            bobTab.message();
            alice.awaitStored("slow", 1);

            ChatSocket carolTab;
            TestDatabase.RoomLock lock = database.lockRoom("slow");
            try {
                aliceTab.say("m1");
                assertThat(aliceTab.next(Duration.ofSeconds(2)).getString("message"))
                        .isEqualTo("m1");
                assertThat(bobTab.next(Duration.ofSeconds(2)).getString("message"))
                        .isEqualTo("m1");

                carolTab = server.visitor().enter("slow");
                carolTab.nothing(QUIET);
                aliceTab.say("m2");
                assertThat(aliceTab.next(Duration.ofSeconds(2)).getString("message"))
                        .isEqualTo("m2");
                assertThat(bobTab.next(Duration.ofSeconds(2)).getString("message"))
                        .isEqualTo("m2");
                carolTab.nothing(QUIET);
            } finally {
                lock.release();
            }
            List<String> carolSaw = new ArrayList<>();
            carolTab.history().forEach(m -> carolSaw.add(m.getString("message")));
            while (carolSaw.size() < 3) {
                carolSaw.add(carolTab.message().getString("message"));
            }
            assertThat(carolSaw).containsExactly("m0", "m1", "m2");
            carolTab.nothing(QUIET);
            alice.awaitStored("slow", 3);
            aliceTab.nothing(QUIET);
            carolTab.close();
        }
    }

    @Test
    void aLostDatabaseCostsOnlyStorageAndOnlyTheSenderIsTold() throws Exception {
        start(new JsonObject(), new JsonObject().put("historyTimeout", 3000));
        Visitor alice = server.visitor();
        try (ChatSocket aliceTab = alice.enter("down");
                ChatSocket bobTab = server.visitor().enter("down")) {
            aliceTab.history();
            bobTab.history();
            database.takeDown();

            aliceTab.say("still here?");
            JsonObject live = aliceTab.next(Duration.ofSeconds(2));
            assertThat(live.getString("message")).isEqualTo("still here?");
            assertThat(bobTab.next(Duration.ofSeconds(2))).isEqualTo(live);
            assertThat(aliceTab.next(Duration.ofSeconds(10)))
                    .isEqualTo(new JsonObject().put("error", "not_saved").put("id", live.getString("id")));
            bobTab.nothing(QUIET);

            try (ChatSocket carolTab = server.visitor().enter("down")) {
                // the empty history first, so that the page shows the error after starting over
                JsonObject history = carolTab.next(Duration.ofSeconds(10));
                assertThat(history.getJsonArray("history"))
                        .as("history frame %s", history)
                        .isEmpty();
                assertThat(carolTab.next(Duration.ofSeconds(2)))
                        .isEqualTo(new JsonObject().put("error", "history_unavailable"));
                bobTab.say("carol, can you hear us?");
                assertThat(carolTab.message().getString("message")).isEqualTo("carol, can you hear us?");
                assertThat(aliceTab.message().getString("message")).isEqualTo("carol, can you hear us?");
                assertThat(bobTab.message().getString("message")).isEqualTo("carol, can you hear us?");
                assertThat(bobTab.next(Duration.ofSeconds(10)).getString("error"))
                        .isEqualTo("not_saved");
            }
        }
    }
}
