// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.Await;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Units of work on DB workers: connections, transactions, cleanup, ordering, limits. Run on H2 and PostgreSQL. */
abstract class UnitsContract extends DatabaseTestBase {

    @Test
    void concurrentUnitsNeverShareAConnection() {
        Database db = open(options().setWorkers(4));
        Map<String, AtomicInteger> unitsOnSession = new ConcurrentHashMap<>();
        Map<String, Set<String>> sessionsOfThread = new ConcurrentHashMap<>();
        AtomicInteger shared = new AtomicInteger();
        List<Future<String>> units = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            units.add(db.run(c -> {
                String session = sessionId(c);
                AtomicInteger users = unitsOnSession.computeIfAbsent(session, k -> new AtomicInteger());
                if (users.incrementAndGet() != 1) {
                    shared.incrementAndGet();
                }
                sessionsOfThread
                        .computeIfAbsent(Thread.currentThread().getName(), k -> ConcurrentHashMap.newKeySet())
                        .add(session);
                String again = sessionId(c);
                users.decrementAndGet();
                assertThat(again).isEqualTo(session);
                return session;
            }));
        }
        Await.result(Future.all(units));
        assertThat(shared)
                .as("units that found their connection in use, by thread: %s", sessionsOfThread)
                .hasValue(0);
        assertThat(unitsOnSession.keySet()).hasSizeBetween(1, 4);
        assertThat(sessionsOfThread.keySet()).as("worker threads").hasSizeGreaterThan(1);
        assertThat(sessionsOfThread.keySet()).allMatch(t -> t.startsWith("switchboard-db-"));
        assertThat(db.stats().workerConnections()).isBetween(1, 4);
    }

    @Test
    void workersThatAllNeedAConnectionAtOnceEachGetOne() {
        // every worker blocks until all hold a connection: one that waits in vain fails its unit
        for (int round = 0; round < 5; round++) {
            Database db = open(options().setWorkers(8).setConnectTimeoutMillis(3_000));
            CyclicBarrier everyWorker = new CyclicBarrier(8);
            List<Future<String>> units = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                units.add(db.run(c -> {
                    String session = sessionId(c);
                    everyWorker.await(5, TimeUnit.SECONDS);
                    return session;
                }));
            }
            Await.result(Future.all(units));
            assertThat(units.stream().map(Future::result).distinct())
                    .as("round %d", round)
                    .hasSize(8);
            Await.result(db.close());
        }
    }

    @Test
    void openConnectionsNeverExceedTheWorkers() {
        Database db = open(options().setWorkers(3));
        AtomicInteger most = new AtomicInteger();
        List<Future<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            units.add(db.run(c -> {
                int open = Integer.parseInt(query(c, backend.countSessionsSql()));
                most.accumulateAndGet(open, Math::max);
                return open;
            }));
        }
        Await.result(Future.all(units));
        assertThat(most.get()).as("sessions seen by the server").isBetween(1, 3);
        assertThat(db.stats().workerConnections()).isBetween(1, 3);
    }

    @Test
    void atomicCommitsWhenTheUnitReturns() {
        Database db = open(options());
        createItems(db);
        Await.result(db.atomic(c -> {
            exec(c, "INSERT INTO items VALUES (1, 'kept')");
            return null;
        }));
        assertThat(countItems(db)).isEqualTo(1);
    }

    @Test
    void atomicRollsBackWhenTheUnitThrowsAndFailsWithTheOriginalCause() {
        Database db = open(options());
        createItems(db);
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable failure = Await.failure(db.atomic(c -> {
            exec(c, "INSERT INTO items VALUES (1, 'dropped')");
            throw boom;
        }));
        assertThat(failure).isSameAs(boom);
        assertThat(countItems(db)).isZero();
    }

    @Test
    void aFailedStatementFailsTheFutureWithTheDriversOwnException() {
        Database db = open(options());
        Throwable failure = Await.failure(db.run(c -> query(c, "SELEC nonsense")));
        assertThat(failure).isInstanceOf(SQLException.class);
        assertThat(Await.result(db.<String>run(c -> query(c, "SELECT 1")))).isEqualTo("1");
    }

    @Test
    void aTransactionLeftOpenIsRolledBackBeforeTheNextUnit() {
        Database db = open(options().setWorkers(1));
        createItems(db);
        Await.result(db.run(c -> {
            c.setAutoCommit(false);
            exec(c, "INSERT INTO items VALUES (1, 'left open')");
            return null;
        }));
        assertThat(Await.result(db.run(Connection::getAutoCommit))).isTrue();
        assertThat(countItems(db)).isZero();
        assertThat(db.stats().rolledBackTransactions()).isEqualTo(1);
    }

    @Test
    void anExplicitBeginLeftOpenIsRolledBackToo() {
        Database db = open(options().setWorkers(1));
        createItems(db);
        Await.result(db.run(c -> {
            exec(c, "BEGIN");
            exec(c, "INSERT INTO items VALUES (1, 'left open')");
            return null;
        }));
        Await.result(db.run(c -> {
            exec(c, "INSERT INTO items VALUES (2, 'committed')");
            return null;
        }));
        // seen from another connection: only the second row was committed
        Integer seen = Await.result(vertx.executeBlocking(() -> {
            try {
                return db.sync().run(c -> countItems(c));
            } finally {
                db.sync().release();
            }
        }));
        assertThat(seen).isEqualTo(1);
        assertThat(db.stats().rolledBackTransactions()).isEqualTo(1);
    }

    @Test
    void pastTheQueueBoundUnitsFailAtOnceWithTheOverloadError() throws Exception {
        Database db = open(options().setWorkers(1).setQueueSize(2));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> blocker = db.run(c -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Future<Integer> first = db.run(c -> 1);
        Future<Integer> second = db.ordered().run(c -> 2);
        Future<Integer> refused = db.run(c -> 3);
        assertThat(refused.failed()).as("failed at once").isTrue();
        assertThat(refused.cause())
                .isInstanceOf(DatabaseOverloadedException.class)
                .hasMessageContaining("2 units already waiting")
                .hasMessageContaining("SWITCHBOARD_DB_QUEUE_SIZE");
        release.countDown();
        assertThat(Await.result(blocker)).isTrue();
        assertThat(Await.result(first)).isEqualTo(1);
        assertThat(Await.result(second)).isEqualTo(2);
        assertThat(db.stats().rejectedUnits()).isEqualTo(1);
    }

    @Test
    void aUnitRunningPastItsTimeoutFailsAndTheWorkerRecovers() {
        Database db = open(options().setWorkers(1));
        Await.result(db.run(this::sessionId)); // the worker has its connection: the timeout is all the unit's
        CountDownLatch release = new CountDownLatch(1);
        long start = System.nanoTime();
        Throwable failure =
                Await.failure(db.withTimeout(Duration.ofMillis(200)).run(c -> release.await(10, TimeUnit.SECONDS)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(DatabaseTimeoutException.class).hasMessageContaining("while running");
        assertThat(((DatabaseTimeoutException) failure).started()).isTrue();
        assertThat(tookMillis).isBetween(150L, 3_000L);
        release.countDown();
        assertThat(Await.result(db.<String>run(c -> query(c, "SELECT 1")))).isEqualTo("1");
        assertThat(db.stats().timedOutUnits()).isEqualTo(1);
    }

    @Test
    void aUnitThatTimesOutWhileWaitingNeverRuns() throws Exception {
        Database db = open(options().setWorkers(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> blocker = db.run(c -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        Throwable failure = Await.failure(db.withTimeout(Duration.ofMillis(100)).run(c -> ran.getAndSet(true)));
        assertThat(failure).isInstanceOf(DatabaseTimeoutException.class).hasMessageContaining("waiting for a worker");
        release.countDown();
        assertThat(Await.result(blocker)).isTrue();
        assertThat(Await.result(db.<String>run(c -> "after"))).isEqualTo("after");
        assertThat(ran).isFalse();
        assertThat(db.stats().queuedUnits()).isZero();
    }

    @Test
    void anOrderedViewRunsItsUnitsOneAtATimeInSubmissionOrder() {
        Database db = open(options().setWorkers(4));
        Database view = db.ordered();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Future<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            units.add(view.run(c -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                query(c, "SELECT 1");
                order.add(n);
                running.decrementAndGet();
                return n;
            }));
        }
        Await.result(Future.all(units));
        assertThat(order).isEqualTo(IntStream.range(0, 50).boxed().collect(Collectors.toList()));
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void twoOrderedViewsRunInParallel() {
        Database db = open(options().setWorkers(2));
        Database a = db.ordered();
        Database b = db.ordered();
        CountDownLatch bRan = new CountDownLatch(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Future<Boolean> a1 = a.run(c -> {
            boolean sawB = bRan.await(5, TimeUnit.SECONDS);
            events.add("a1 done");
            return sawB;
        });
        Future<String> a2 = a.run(c -> {
            events.add("a2");
            return "a2";
        });
        Future<Void> b1 = b.run(c -> {
            events.add("b1");
            bRan.countDown();
            return null;
        });
        assertThat(Await.result(a1)).as("b1 ran while a1 was still running").isTrue();
        Await.result(a2);
        Await.result(b1);
        assertThat(events).containsExactly("b1", "a1 done", "a2");
    }
}
