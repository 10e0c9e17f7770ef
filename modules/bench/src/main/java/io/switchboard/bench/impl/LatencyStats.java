// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram in microsecond buckets with 3 significant digits (HdrHistogram), read back in milliseconds.
 * Values above one hour are clamped to one hour, negative values to 0. Not thread-safe: one lane records into its
 * own instance and the run merges them with {@link #add}.
 */
public final class LatencyStats {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

    /** @param nanos  one latency in nanoseconds */
    public void recordNanos(long nanos) {
        long micros = nanos <= 0 ? 0 : nanos / 1_000;
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** @param other  merged into this one */
    public void add(LatencyStats other) {
        histogram.add(other.histogram);
    }

    /** @return how many latencies were recorded */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * @param percentile  0 to 100
     * @return the latency at that percentile in milliseconds, 0 when empty
     */
    public double percentileMillis(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be within 0..100, was " + percentile);
        }
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** @return the largest latency in milliseconds, 0 when empty */
    public double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1_000.0;
    }

    /** @return the mean latency in milliseconds, 0 when empty */
    public double meanMillis() {
        return count() == 0 ? 0 : histogram.getMean() / 1_000.0;
    }
}
