// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.Await;
import io.switchboard.testsupport.Postgres;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Killed backends and runaway SQL on PostgreSQL: they cost the units running at that moment, no others. */
class PostgresFailuresIT extends DatabaseTestBase {

    @Override
    protected Backend newBackend() {
        return new PostgresBackend();
    }

    private String app() {
        return ((PostgresBackend) backend).applicationName();
    }

    @Test
    void aBackendKilledWhileIdleCostsNoUnit() {
        Database db = open(options().setWorkers(1));
        String pid = Await.result(db.run(this::sessionId));
        terminate("pid = " + pid);
        String next = Await.result(db.run(this::sessionId));
        assertThat(next).as("a fresh backend").isNotEqualTo(pid);
        assertThat(db.stats().replacedConnections()).isEqualTo(1);
    }

    @Test
    void aBackendKilledMidUnitCostsOnlyThatUnit() {
        Database db = open(options().setWorkers(2));
        AtomicReference<String> victim = new AtomicReference<>();
        Future<String> killed = db.run(c -> {
            victim.set(sessionId(c));
            return query(c, "SELECT pg_sleep(10)");
        });
        while (victim.get() == null) {
            Await.result(vertx.timer(10, TimeUnit.MILLISECONDS));
        }
        terminate("pid = " + victim.get());
        assertThat(Await.failure(killed)).isInstanceOf(SQLException.class);
        List<Future<String>> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            after.add(db.run(this::sessionId));
        }
        Await.result(Future.all(after));
        assertThat(after).allMatch(f -> !f.result().equals(victim.get()));
    }

    @Test
    void everyBackendKilledAsInARestartCostsNoLaterUnit() {
        Database db = open(options().setWorkers(4));
        CyclicBarrier allFour = new CyclicBarrier(4);
        List<Future<String>> warm = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warm.add(db.run(c -> {
                allFour.await(5, TimeUnit.SECONDS);
                return sessionId(c);
            }));
        }
        Await.result(Future.all(warm));
        assertThat(openSessions()).isEqualTo(4);
        terminate("application_name = '" + app() + "'");
        List<Future<String>> after = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            after.add(db.run(this::sessionId));
        }
        Await.result(Future.all(after));
        assertThat(db.stats().replacedConnections()).isEqualTo(4);
        assertThat(openSessions()).isBetween(1, 4);
    }

    @Test
    void sqlRunningPastTheTimeoutIsAbortedAndFreesTheWorker() {
        Database db = open(options().setWorkers(1));
        Await.result(db.run(this::sessionId)); // the worker has its connection: the timeout is all SQL
        long start = System.nanoTime();
        Throwable failure =
                Await.failure(db.withTimeout(Duration.ofMillis(300)).run(c -> query(c, "SELECT pg_sleep(10)")));
        assertThat(failure).isInstanceOf(DatabaseTimeoutException.class);
        Await.result(db.run(this::sessionId));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis)
                .as("the next unit ran long before pg_sleep(10) ended")
                .isLessThan(3_000);
        // the server cancelled pg_sleep: the aborted backend is gone long before its 10 s
        awaitGone("application_name = '" + app() + "' AND query LIKE '%pg_sleep%' AND state = 'active'");
        assertThat(openSessions()).isEqualTo(1);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void withoutHealthChecksAKilledIdleBackendCostsOneUnit() {
        Database db = open(options().setWorkers(1).setHealthChecks(false));
        String pid = Await.result(db.run(this::sessionId));
        terminate("pid = " + pid);
        assertThat(Await.failure(db.run(this::sessionId))).isInstanceOf(SQLException.class);
        assertThat(Await.result(db.run(this::sessionId))).isNotEqualTo(pid);
    }

    /** Terminates backends and waits until the server no longer lists them. */
    private void terminate(String where) {
        Postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE " + where);
        awaitGone(where);
    }

    private void awaitGone(String where) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count("SELECT COUNT(*) FROM pg_stat_activity WHERE " + where) > 0) {
            assertThat(System.nanoTime()).as("backends gone within 5 s").isLessThan(deadline);
            Await.result(vertx.timer(10, TimeUnit.MILLISECONDS));
        }
    }

    private int openSessions() {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + app() + "'");
    }

    private static int count(String sql) {
        try (Connection c = Postgres.connect(Postgres.TEST_DATABASE);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
