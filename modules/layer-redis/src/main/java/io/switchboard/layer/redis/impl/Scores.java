// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorted-set scores: the writer's Unix time in seconds as a decimal with microseconds, as Python's
 * {@code time.time()}. Strictly increasing within this JVM, so that two messages from one sender keep their order
 * even when sent in the same microsecond (channels_redis would order them by their random prefix).
 */
final class Scores {

    private static final AtomicLong LAST = new AtomicLong();

    private Scores() {}

    /** @return the current Unix time in microseconds, greater than any earlier result */
    static long nowMicros() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        return LAST.updateAndGet(previous -> Math.max(previous + 1, micros));
    }

    /** @return the score text, e.g. {@code 1795295581.897996} */
    static String format(long micros) {
        String fraction = Long.toString(micros % 1_000_000L);
        return micros / 1_000_000L + "." + "000000".substring(fraction.length()) + fraction;
    }

    /**
     * The trim bound: entries scored at or below it are older than the expiry. channels_redis uses whole seconds
     * ({@code int(time.time()) - expiry}), which keeps entries up to a second longer; the exact bound drops them
     * on time, and readers of either kind accept both.
     *
     * @return the score text of now minus the expiry
     */
    static String trimBound(long micros, long expirySeconds) {
        return format(micros - expirySeconds * 1_000_000L);
    }
}
