// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, recorded from any thread without locks: exact below 2048 µs, then 128 buckets per
 * power of two (under 1% error) up to about 67 s.
 */
final class LatencyHistogram {

    private static final int LINEAR = 2048;
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR_BITS = 11;
    private static final int MAX_BITS = 26;
    private static final int BUCKETS = LINEAR + (MAX_BITS - LINEAR_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * @param fraction for example 0.99
     * @return the latency below which that fraction of the recorded values lie, in µs; -1 when nothing was recorded
     */
    long percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return value(i);
            }
        }
        return value(BUCKETS - 1);
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int bits = 64 - Long.numberOfLeadingZeros(micros);
        if (bits > MAX_BITS) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (bits - 1 - SUB_BITS)) & (SUB - 1);
        return LINEAR + (bits - 1 - LINEAR_BITS) * SUB + sub;
    }

    /** The middle of a bucket. */
    static long value(int index) {
        if (index < LINEAR) {
            return index;
        }
        int octave = (index - LINEAR) / SUB;
        int sub = (index - LINEAR) % SUB;
        long base = 1L << (octave + LINEAR_BITS);
        long width = base / SUB;
        return base + sub * width + width / 2;
    }
}
