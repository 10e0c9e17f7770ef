// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An overload that fails every message writes one line, not one per message. */
class ThrottledWarningTest {

    private final Logger log = (Logger) LoggerFactory.getLogger("io.switchboard.chat.ThrottledWarningTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void detach() {
        log.detachAppender(lines);
    }

    @Test
    void aBurstOfTroubleWritesItsFirstLineAndCountsTheRestInTheNextSecondsLine() {
        AtomicLong now = new AtomicLong(1_000);
        ThrottledWarning warning = new ThrottledWarning(log, now::get);

        for (int i = 0; i < 10_000; i++) {
            warning.warn("Message {} was not stored", i);
        }
        now.addAndGet(999_999_999);
        warning.warn("Message {} was not stored", 10_000);
        now.addAndGet(1);
        warning.warn("Message {} was not stored", 10_001);

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Message 0 was not stored", "Message 10001 was not stored (10000 similar lines held back)");
    }
}
