// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ScoresTest {

    @Test
    void scoresAreDecimalSecondsWithMicroseconds() {
        assertThat(Scores.format(1_795_295_581_897_996L)).isEqualTo("1795295581.897996");
        assertThat(Scores.format(1_795_295_581_000_042L)).isEqualTo("1795295581.000042");
        assertThat(Double.parseDouble(Scores.format(1_795_295_581_897_996L))).isEqualTo(1795295581.897996);
    }

    @Test
    void trimBoundIsNowMinusTheExpiryToTheMicrosecond() {
        assertThat(Scores.trimBound(1_795_295_581_897_996L, 60)).isEqualTo("1795295521.897996");
    }

    @Test
    void scoresStrictlyIncrease() {
        long previous = Scores.nowMicros();
        for (int i = 0; i < 10_000; i++) {
            long next = Scores.nowMicros();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        assertThat(Math.abs(previous - System.currentTimeMillis() * 1000)).isLessThan(1_000_000L);
    }
}
