// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesOfAUniformSpreadAreWithinThePrecision() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 1000; ms++) {
            stats.recordNanos(ms * MS);
        }
        assertThat(stats.count()).isEqualTo(1000);
        // 3 significant digits: values are exact to 0.1 %
        assertThat(stats.percentileMillis(50)).isCloseTo(500, within(0.5));
        assertThat(stats.percentileMillis(90)).isCloseTo(900, within(0.9));
        assertThat(stats.percentileMillis(99)).isCloseTo(990, within(1.0));
        assertThat(stats.maxMillis()).isCloseTo(1000, within(1.0));
        assertThat(stats.meanMillis()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void subMillisecondValuesKeepMicrosecondResolution() {
        LatencyStats stats = new LatencyStats();
        stats.recordNanos(250_000);
        stats.recordNanos(251_999);
        assertThat(stats.percentileMillis(50)).isCloseTo(0.250, within(0.001));
        assertThat(stats.maxMillis()).isCloseTo(0.251, within(0.001));
    }

    @Test
    void mergingHalvesGivesTheWhole() {
        LatencyStats whole = new LatencyStats();
        LatencyStats low = new LatencyStats();
        LatencyStats high = new LatencyStats();
        for (int ms = 1; ms <= 200; ms++) {
            whole.recordNanos(ms * MS);
            (ms <= 100 ? low : high).recordNanos(ms * MS);
        }
        low.add(high);
        assertThat(low.count()).isEqualTo(200);
        for (double p : new double[] {50, 90, 99, 100}) {
            assertThat(low.percentileMillis(p)).isEqualTo(whole.percentileMillis(p));
        }
        assertThat(low.maxMillis()).isEqualTo(whole.maxMillis());
    }

    @Test
    void outOfRangeValuesAreClampedNotRejected() {
        LatencyStats stats = new LatencyStats();
        stats.recordNanos(-5);
        stats.recordNanos(Long.MAX_VALUE);
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.percentileMillis(0)).isZero();
        assertThat(stats.maxMillis()).isCloseTo(3_600_000, within(3_600.0));
    }

    @Test
    void anEmptyHistogramReadsZeroAndBadPercentilesThrow() {
        LatencyStats stats = new LatencyStats();
        assertThat(stats.percentileMillis(99)).isZero();
        assertThat(stats.maxMillis()).isZero();
        assertThatThrownBy(() -> stats.percentileMillis(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
    }
}
