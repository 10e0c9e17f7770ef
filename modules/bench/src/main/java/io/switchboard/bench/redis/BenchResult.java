// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import org.HdrHistogram.Histogram;

/**
 * The figures of one run.
 *
 * @param groupSendsPerSecond group sends fully delivered per second
 * @param deliveriesPerSecond member deliveries per second
 * @param p50Micros median latency from the send call to a member's handler
 * @param p99Micros 99th percentile of that latency
 * @param lost group sends that some member never got (in the whole run, warm-up included)
 * @param errors group sends that failed
 */
record BenchResult(
        double groupSendsPerSecond,
        double deliveriesPerSecond,
        long p50Micros,
        long p99Micros,
        long lost,
        long errors) {

    /**
     * @param latencies the latencies of the measured part, in microseconds
     * @return the figures, with the latency's 50th and 99th percentiles read from {@code latencies}, -1 when it is
     *     empty
     */
    static BenchResult of(
            double groupSendsPerSecond, double deliveriesPerSecond, Histogram latencies, long lost, long errors) {
        return new BenchResult(
                groupSendsPerSecond,
                deliveriesPerSecond,
                percentile(latencies, 50),
                percentile(latencies, 99),
                lost,
                errors);
    }

    private static long percentile(Histogram latencies, double percentile) {
        return latencies.getTotalCount() == 0 ? -1 : latencies.getValueAtPercentile(percentile);
    }
}
