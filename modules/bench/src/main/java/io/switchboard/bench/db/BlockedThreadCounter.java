// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** Counts Vert.x blocked-thread warnings, as a Logback appender on the logger Vert.x's checker writes to. */
final class BlockedThreadCounter extends AppenderBase<ILoggingEvent> {

    private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private final AtomicInteger warnings = new AtomicInteger();

    private BlockedThreadCounter() {}

    static BlockedThreadCounter install() {
        Logger checker = (Logger) LoggerFactory.getLogger(CHECKER);
        BlockedThreadCounter counter = new BlockedThreadCounter();
        counter.setContext(checker.getLoggerContext());
        counter.setName("blocked-thread-counter");
        counter.start();
        checker.addAppender(counter);
        return counter;
    }

    int reset() {
        return warnings.getAndSet(0);
    }

    int count() {
        return warnings.get();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            warnings.incrementAndGet();
        }
    }
}
