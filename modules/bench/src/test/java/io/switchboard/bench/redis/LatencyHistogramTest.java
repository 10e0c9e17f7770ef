// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExactAndLargeOnesWithinOnePercent() {
        for (long v : new long[] {0, 1, 999, 2047, 2048, 4095, 4096, 123_456, 9_999_999, 60_000_000}) {
            long back = LatencyHistogram.value(LatencyHistogram.index(v));
            if (v < 2048) {
                assertThat(back).isEqualTo(v);
            } else {
                assertThat((double) back).isCloseTo(v, within(v * 0.01));
            }
        }
    }

    @Test
    void percentilesOfAUniformSpread() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentile(0.5)).isEqualTo(-1);
        for (int v = 1; v <= 10_000; v++) {
            histogram.record(v);
        }
        assertThat(histogram.count()).isEqualTo(10_000);
        assertThat((double) histogram.percentile(0.50)).isCloseTo(5_000, within(50.0));
        assertThat((double) histogram.percentile(0.99)).isCloseTo(9_900, within(99.0));
        assertThat((double) histogram.percentile(1.0)).isCloseTo(10_000, within(100.0));
    }
}
