// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.switchboard.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The watch that fails tests on blocked-thread warnings does see them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NoBlockedThreadsTest {

    @Test
    void blockingAnEventLoopIsSeenByTheWatch() throws Exception {
        NoBlockedThreads.clear();
        // The warnings this test provokes stay out of the build log, where CI treats any as a failure
        Logger checker = (Logger) LoggerFactory.getLogger(NoBlockedThreads.CHECKER);
        checker.setAdditive(false);
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
            Await.result(vertx.close());
            checker.setAdditive(true);
            NoBlockedThreads.clear();
        }
    }
}
