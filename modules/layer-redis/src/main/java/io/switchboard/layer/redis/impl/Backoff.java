// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import java.util.concurrent.ThreadLocalRandom;

/** Reconnect delays: 100 ms doubling up to a ceiling, with 20% jitter so that many readers do not retry together. */
final class Backoff {

    static final long INITIAL_MILLIS = 100;

    private final long maxMillis;
    private long next = INITIAL_MILLIS;

    Backoff(long maxMillis) {
        this.maxMillis = Math.max(INITIAL_MILLIS, maxMillis);
    }

    /** @return the delay before the next attempt, growing with each call */
    long nextDelayMillis() {
        long base = next;
        next = Math.min(maxMillis, next * 2);
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, base - jitter);
    }

    /** Starts over after a success. */
    void reset() {
        next = INITIAL_MILLIS;
    }
}
