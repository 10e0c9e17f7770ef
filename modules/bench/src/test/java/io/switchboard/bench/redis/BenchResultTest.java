// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void percentilesOfAUniformSpreadAreTheRankedValues() {
        Recorder recorder = new Recorder(3);
        for (int micros = 1; micros <= 10_000; micros++) {
            recorder.recordValue(micros);
        }
        BenchResult r = BenchResult.of(1, 10, recorder.getIntervalHistogram(), 0, 0);
        // 3 significant digits: exact below 2048 µs, within 0.1 % above
        assertThat((double) r.p50Micros()).isCloseTo(5_000, within(5.0));
        assertThat((double) r.p99Micros()).isCloseTo(9_900, within(10.0));
    }

    @Test
    void smallLatenciesAreExact() {
        Histogram latencies = new Histogram(3);
        latencies.recordValue(7);
        latencies.recordValue(2_047);
        BenchResult r = BenchResult.of(1, 10, latencies, 0, 0);
        assertThat(r.p50Micros()).isEqualTo(7);
        assertThat(r.p99Micros()).isEqualTo(2_047);
    }

    @Test
    void aRunWithoutMeasuredDeliveriesReadsMinusOne() {
        BenchResult r = BenchResult.of(0, 0, new Histogram(3), 3, 1);
        assertThat(r.p50Micros()).isEqualTo(-1);
        assertThat(r.p99Micros()).isEqualTo(-1);
    }
}
