// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Fails a test during which Vert.x logged a blocked-thread warning. */
public final class NoBlockedThreads implements BeforeEachCallback, AfterEachCallback {

    /** The logger Vert.x's blocked-thread checker writes to. */
    static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private static final ListAppender<ILoggingEvent> WARNINGS = attach();

    private static ListAppender<ILoggingEvent> attach() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(CHECKER)).addAppender(appender);
        return appender;
    }

    /** The warnings logged since the current test started. */
    static List<String> warnings() {
        synchronized (WARNINGS.list) {
            return WARNINGS.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    static void clear() {
        synchronized (WARNINGS.list) {
            WARNINGS.list.clear();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(warnings()).as("blocked-thread warnings").isEmpty();
    }
}
