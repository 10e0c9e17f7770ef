// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watch that fails tests on blocked-thread warnings does see them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NoBlockedThreadsTest {

    @Test
    void blockingAnEventLoopIsSeenByTheWatch() throws Exception {
        NoBlockedThreads.clear();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
        try {
            Await.result(vertx.timer(1).map(v -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return v;
            }));
            assertThat(NoBlockedThreads.warnings()).anyMatch(w -> w.contains("has been blocked"));
        } finally {
            NoBlockedThreads.clear();
            Await.result(vertx.close());
        }
    }
}
