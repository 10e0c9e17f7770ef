// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.Await;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection churn on the embedded database, where the server's session list is exact at every moment. */
class H2DatabaseTest extends DatabaseTestBase {

    @TempDir
    Path folder;

    @Override
    protected Backend newBackend() {
        return new H2Backend(folder);
    }

    @Test
    void replacingConnectionsAfterEveryUnitNeverOpensMoreThanTheWorkers() {
        Database db = open(options().setWorkers(3).setMaxAgeSeconds(0));
        AtomicInteger most = new AtomicInteger();
        List<Future<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            units.add(db.run(c -> {
                int open = Integer.parseInt(query(c, backend.countSessionsSql()));
                most.accumulateAndGet(open, Math::max);
                return open;
            }));
        }
        Await.result(Future.all(units));
        assertThat(most.get()).isBetween(1, 3);
        assertThat(db.stats().replacedConnections()).isEqualTo(60);
    }

    @Test
    void aUnitThatClosesItsConnectionLeavesTheWorkerWorking() {
        Database db = open(options().setWorkers(1));
        String first = Await.result(db.run(c -> {
            String session = sessionId(c);
            c.close();
            return session;
        }));
        String next = Await.result(db.run(this::sessionId));
        assertThat(next).isNotNull();
        assertThat(db.stats().workerConnections()).isEqualTo(1);
        assertThat(db.stats().replacedConnections()).isEqualTo(1);
        assertThat(first).isNotNull();
    }

    @Test
    void sqlRunningPastTheTimeoutIsAbortedAndFreesTheWorker() {
        Database db = open(options().setWorkers(1));
        Await.result(db.run(this::sessionId)); // the worker has its connection: the timeout is all SQL
        long start = System.nanoTime();
        Throwable failure = Await.failure(db.withTimeout(Duration.ofMillis(300))
                .run(c -> query(c, "SELECT MAX(MOD(X * 7, 1000003)) FROM SYSTEM_RANGE(1, 100000000000)")));
        assertThat(failure).isInstanceOf(DatabaseTimeoutException.class);
        Await.result(db.run(this::sessionId));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThat(db.stats().replacedConnections())
                .as("the aborted connection")
                .isEqualTo(1);
    }

    @Test
    void theDefaultIsAnH2FileUnderTheDataFolder() {
        assertThat(new DatabaseOptions().getUrl()).startsWith("jdbc:h2:file:./data/switchboard");
    }
}
