// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN line for trouble that can strike every message at once (a full write queue, a channel layer away), at most
 * once a second, with the count of lines held back: an overload must not flood the log as well. The senders are told
 * of every message in any case. Thread-safe.
 */
final class ThrottledWarning {

    private static final long SECOND = 1_000_000_000L;

    private final Logger log;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLine;
    private final AtomicLong held = new AtomicLong();

    /** @param log where the lines go */
    ThrottledWarning(Logger log) {
        this(log, System::nanoTime);
    }

    /** For tests: a clock of their own. */
    ThrottledWarning(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Logs a line, unless one was logged less than a second ago.
     *
     * @param format the line, with SLF4J's {@code {}} for each argument
     * @param arguments its arguments
     */
    void warn(String format, Object... arguments) {
        long now = nanoTime.getAsLong();
        long due = nextLine.get();
        if (now - due < 0 || !nextLine.compareAndSet(due, now + SECOND)) {
            held.incrementAndGet();
            return;
        }
        long heldBack = held.getAndSet(0);
        if (heldBack == 0) {
            log.warn(format, arguments);
        } else {
            Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = heldBack;
            log.warn(format + " ({} similar lines held back)", withCount);
        }
    }
}
