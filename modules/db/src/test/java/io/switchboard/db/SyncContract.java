// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.spi.SyncHandlerListener;
import io.switchboard.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The blocking API and its guard, sync-handler cleanup, max age, migrations, the client pool, closing. */
abstract class SyncContract extends DatabaseTestBase {

    @Test
    void theBlockingApiThrowsAtOnceOnAnEventLoop(VertxTestContext ctx) {
        Database db = open(options());
        vertx.runOnContext(v -> ctx.verify(() -> {
            assertThatThrownBy(() -> db.sync().run(c -> query(c, "SELECT 1")))
                    .isInstanceOf(SynchronousOnlyOperationException.class)
                    .hasMessageStartingWith("Blocking database call SyncDatabase.run(...) on event-loop thread "
                            + Thread.currentThread().getName())
                    .hasMessageContaining("use db.run(...) or db.atomic(...) from async code")
                    .hasMessageContaining("SyncWebSocketConsumer");
            assertThatThrownBy(() -> db.sync().connection()).isInstanceOf(SynchronousOnlyOperationException.class);
            assertThatThrownBy(() -> db.sync().atomic(c -> null)).isInstanceOf(SynchronousOnlyOperationException.class);
            assertThat(db.stats().syncConnections()).as("nothing was opened").isZero();
            ctx.completeNow();
        }));
    }

    @Test
    void theBlockingApiWorksOnAWorkerThread() {
        Database db = open(options());
        String one = Await.result(vertx.executeBlocking(() -> {
            try {
                return db.sync().run(c -> query(c, "SELECT 1"));
            } finally {
                db.sync().release();
            }
        }));
        assertThat(one).isEqualTo("1");
    }

    @Test
    void allowAsyncUnsafeTurnsTheGuardOff(VertxTestContext ctx) {
        Database db = open(options().setAllowAsyncUnsafe(true));
        vertx.runOnContext(v -> ctx.verify(() -> {
            try {
                assertThat(db.sync().<String>run(c -> query(c, "SELECT 1"))).isEqualTo("1");
            } finally {
                db.sync().release();
            }
            ctx.completeNow();
        }));
    }

    @Test
    void theSyncHandlerListenerReleasesTheThreadsConnectionAndRollsBack() {
        Database db = open(options().setSyncConnections(1).setConnectTimeoutMillis(1_000));
        createItems(db);
        // looked up as core looks it up; on the module path that is a use this module does not declare itself
        SyncContract.class.getModule().addUses(SyncHandlerListener.class);
        List<SyncHandlerListener> listeners = ServiceLoader.load(SyncHandlerListener.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
        assertThat(listeners)
                .extracting(l -> l.getClass().getName())
                .contains("io.switchboard.db.impl.DatabaseSyncHandlerListener");
        // one sync handler on a worker thread, as a SyncWebSocketConsumer runs it
        List<Object> seen = Await.result(vertx.executeBlocking(() -> {
            listeners.forEach(SyncHandlerListener::beforeHandler);
            Connection c = db.sync().connection();
            c.setAutoCommit(false);
            exec(c, "INSERT INTO items VALUES (1, 'uncommitted')");
            int inOwnTransaction = countItems(c);
            listeners.forEach(SyncHandlerListener::afterHandler);
            // the next handler on the same thread starts clean
            Connection next = db.sync().connection();
            List<Object> result = List.of(inOwnTransaction, countItems(next), next.getAutoCommit());
            listeners.forEach(SyncHandlerListener::afterHandler);
            return result;
        }));
        assertThat(seen).containsExactly(1, 0, true);
        assertThat(db.stats().rolledBackTransactions()).isEqualTo(1);
        // the single sync connection went back to the pool: another thread gets it
        Integer count = CompletableFuture.supplyAsync(() -> {
                    try {
                        return db.sync().run(c -> countItems(c));
                    } catch (SQLException e) {
                        throw new AssertionError(e);
                    } finally {
                        db.sync().release();
                    }
                })
                .join();
        assertThat(count).isZero();
    }

    @Test
    void syncAtomicCommitsRollsBackAndNestsWithSavepoints() {
        Database db = open(options());
        createItems(db);
        IllegalStateException inner = new IllegalStateException("inner");
        Integer count = Await.result(vertx.executeBlocking(() -> {
            SyncDatabase sync = db.sync();
            try {
                sync.atomic(c -> {
                    exec(c, "INSERT INTO items VALUES (1, 'outer')");
                    assertThatThrownBy(() -> sync.atomic(c2 -> {
                                exec(c2, "INSERT INTO items VALUES (2, 'inner')");
                                throw inner;
                            }))
                            .isSameAs(inner);
                    return null;
                });
                return sync.run(c -> countItems(c));
            } finally {
                sync.release();
            }
        }));
        assertThat(count).isEqualTo(1);
        assertThat(countItems(db)).isEqualTo(1);
    }

    @Test
    void maxAgeZeroGivesEveryUnitANewConnection() {
        Database db = open(options().setWorkers(1).setMaxAgeSeconds(0));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(Await.result(db.run(this::sessionId)));
        }
        assertThat(sessions).doesNotHaveDuplicates();
        assertThat(db.stats().replacedConnections()).isEqualTo(5);
        assertThat(db.stats().workerConnections()).isZero();
    }

    @Test
    void aConnectionOlderThanMaxAgeIsReplacedAfterItsUnit() {
        Database db = open(options().setWorkers(1).setMaxAgeSeconds(1));
        String first = Await.result(db.run(this::sessionId));
        assertThat(Await.result(db.run(this::sessionId))).isEqualTo(first);
        Await.result(vertx.timer(1_100, TimeUnit.MILLISECONDS));
        assertThat(Await.result(db.run(this::sessionId)))
                .as("old, replaced after")
                .isEqualTo(first);
        assertThat(Await.result(db.run(this::sessionId))).isNotEqualTo(first);
        assertThat(db.stats().replacedConnections()).isEqualTo(1);
    }

    @Test
    void migrateAppliesTheApplicationsMigrationsOnce() {
        Database db = open(options());
        assertThat(Await.result(db.migrate("classpath:db/testmigration"))).isEqualTo(2);
        assertThat(Await.result(db.migrate("classpath:db/testmigration"))).isZero();
        String body = Await.result(db.run(c -> query(c, "SELECT body FROM notes WHERE id = 1 AND author IS NULL")));
        assertThat(body).isEqualTo("first");
    }

    @Test
    void migrateFailsOnAMissingLocation() {
        Database db = open(options());
        Throwable failure = Await.failure(db.migrate("classpath:db/no-such-folder"));
        assertThat(failure).hasMessageContaining("db/no-such-folder");
        assertThatThrownBy(db::migrate).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePoolGivesNonBlockingSqlFromTheSameSettings(VertxTestContext ctx) {
        Database db = open(options());
        createItems(db);
        Await.result(db.run(c -> {
            exec(c, "INSERT INTO items VALUES (7, 'seven')");
            return null;
        }));
        vertx.runOnContext(v -> db.pool()
                .query("SELECT id, name FROM items")
                .execute()
                .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
                    Row row = rows.iterator().next();
                    assertThat(rows.size()).isEqualTo(1);
                    assertThat(row.getInteger(0)).isEqualTo(7);
                    assertThat(row.getString(1)).isEqualTo("seven");
                    ctx.completeNow();
                }))));
    }

    @Test
    void closeFailsWaitingUnitsLetsRunningOnesFinishAndRefusesNewOnes() throws Exception {
        Database db = open(options().setWorkers(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> running = db.run(c -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Future<String> waiting = db.ordered().run(c -> "never");
        Future<Void> closed = db.close();
        assertThat(Await.failure(waiting)).isInstanceOf(DatabaseException.class).hasMessageContaining("closed");
        release.countDown();
        assertThat(Await.result(running)).isTrue();
        Await.result(closed);
        assertThat(Await.failure(db.run(c -> 1))).hasMessageContaining("Database is closed");
        assertThat(db.stats().workerConnections()).isZero();
    }
}
