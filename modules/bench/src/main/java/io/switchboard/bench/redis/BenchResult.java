// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

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
        long errors) {}
