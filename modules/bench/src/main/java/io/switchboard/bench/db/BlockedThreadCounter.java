// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.db;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts Vert.x blocked-thread warnings. Vert.x must log through JUL, so {@link #install()} has to run before
 * the first Vert.x class loads.
 */
final class BlockedThreadCounter extends Handler {

    private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private final AtomicInteger warnings = new AtomicInteger();
    // JUL keeps loggers weakly: hold this one, or the handler goes with it
    private final Logger logger = Logger.getLogger(CHECKER);

    private BlockedThreadCounter() {}

    static BlockedThreadCounter install() {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        BlockedThreadCounter counter = new BlockedThreadCounter();
        counter.logger.addHandler(counter);
        return counter;
    }

    int reset() {
        return warnings.getAndSet(0);
    }

    int count() {
        return warnings.get();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.incrementAndGet();
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
