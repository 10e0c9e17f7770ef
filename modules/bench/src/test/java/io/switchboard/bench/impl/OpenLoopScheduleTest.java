// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFirstMessageIsDueAtOnceAndEachNextOneIntervalLater() {
        // 10 per second: one every 100 ms
        assertThat(OpenLoopSchedule.dueBy(-1, 10)).isZero();
        assertThat(OpenLoopSchedule.dueBy(0, 10)).isEqualTo(1);
        assertThat(OpenLoopSchedule.dueBy(99 * MS, 10)).isEqualTo(1);
        assertThat(OpenLoopSchedule.dueBy(100 * MS, 10)).isEqualTo(2);
        assertThat(OpenLoopSchedule.dueBy(1000 * MS, 10)).isEqualTo(11);
    }

    @Test
    void aMessageIsSentNoEarlierThanItsScheduledTime() {
        double rate = 7.5;
        for (long elapsed = 0; elapsed < 3_000 * MS; elapsed += 13 * MS) {
            long due = OpenLoopSchedule.dueBy(elapsed, rate);
            // the last message due is scheduled at or before now, the next one after now
            assertThat(OpenLoopSchedule.scheduledNanos(due - 1, rate)).isLessThanOrEqualTo(elapsed);
            assertThat(OpenLoopSchedule.scheduledNanos(due, rate)).isGreaterThan(elapsed);
        }
    }
}
