// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.ServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The inbound token buckets, on a clock the test moves: refills take no real time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InboundRateTest {

    private final AtomicLong now = new AtomicLong();

    private InboundRate rate(int messages, int burst, int bytes, int bytesBurst) {
        return InboundRate.of(
                new ServerOptions()
                        .setRateMessages(messages)
                        .setRateBurst(burst)
                        .setRateBytes(bytes)
                        .setRateBytesBurst(bytesBurst),
                now::get);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Takes frames of {@code size} bytes until one passes; returns how long that took, in milliseconds. */
    private long millisUntilTaken(InboundRate rate, int size) {
        long start = now.get();
        while (rate.take(size) != null) {
            assertThat(now.get() - start).as("the bucket never refilled").isLessThan(TimeUnit.SECONDS.toNanos(5));
            advanceMillis(1);
        }
        return TimeUnit.NANOSECONDS.toMillis(now.get() - start);
    }

    @Test
    void withBothRatesOffThereIsNoLimitAtAll() {
        assertThat(InboundRate.of(new ServerOptions().setRateMessages(0).setRateBytes(0)))
                .isNull();
    }

    @Test
    void aFullBucketLetsItsBurstThroughAndRefusesTheNextFrame() {
        InboundRate rate = rate(1, 5, 0, 125); // one a second: no frame's worth refills during the test
        for (int i = 0; i < 5; i++) {
            assertThat(rate.take(10)).as("frame " + i).isNull();
        }
        assertThat(rate.take(10)).isEqualTo(InboundRate.MESSAGES);
        assertThat(rate.take(0)).isEqualTo(InboundRate.MESSAGES);
    }

    @Test
    void aRefusedFrameTakesNothingFromTheByteBucket() {
        InboundRate rate = rate(0, 1, 1, 1_000); // messages unlimited, 1000 bytes at once
        assertThat(rate.take(600)).isNull();
        assertThat(rate.take(600)).isEqualTo(InboundRate.BYTES);
        assertThat(rate.take(400)).as("the 400 bytes left are all there").isNull();
        assertThat(rate.take(1)).isEqualTo(InboundRate.BYTES);
    }

    @Test
    void withMessagesUnlimitedOnlyBytesCount() {
        InboundRate rate = rate(0, 1, 1, 1_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(rate.take(0)).isNull();
        }
    }

    @Test
    void theMessageLimitIsNamedWhenBothBucketsAreShort() {
        InboundRate rate = rate(1, 1, 1, 125);
        assertThat(rate.take(125)).isNull();
        assertThat(rate.take(125)).isEqualTo(InboundRate.MESSAGES);
    }

    @Test
    void anEmptyBucketRefillsAtItsRate() throws Exception {
        InboundRate rate = rate(50, 1, 0, 125); // a frame each 20 ms
        assertThat(rate.take(0)).isNull();
        assertThat(rate.take(0)).isEqualTo(InboundRate.MESSAGES);
        assertThat(millisUntilTaken(rate, 0)).isBetween(15L, 1_000L);
    }

    @Test
    void theByteBucketRefillsAtItsRate() throws Exception {
        InboundRate rate = rate(0, 1, 10_000, 125); // 125 bytes each 12.5 ms
        assertThat(rate.take(125)).isNull();
        assertThat(rate.take(125)).isEqualTo(InboundRate.BYTES);
        assertThat(millisUntilTaken(rate, 125)).isBetween(10L, 1_000L);
    }

    @Test
    void aRefillNeverGoesPastTheBurst() throws Exception {
        InboundRate rate = rate(1_000, 3, 0, 125); // the burst of 3 refills in 3 ms
        advanceMillis(50); // fifty frames' worth of time
        for (int i = 0; i < 3; i++) {
            assertThat(rate.take(0)).isNull();
        }
        assertThat(rate.take(0)).isEqualTo(InboundRate.MESSAGES);
    }

    @Test
    void restedTellsWhetherTheClientWaitedUntilBothBucketsWereFull() throws Exception {
        InboundRate rate = rate(100, 5, 0, 125); // a frame each 10 ms, the whole burst in 50 ms
        for (int i = 0; i < 5; i++) {
            assertThat(rate.take(0)).isNull();
        }
        assertThat(rate.take(0)).isEqualTo(InboundRate.MESSAGES);
        assertThat(rate.rested()).isFalse();

        millisUntilTaken(rate, 0); // one frame's worth came back, not five
        assertThat(rate.rested()).as("right after one frame refilled").isFalse();

        advanceMillis(100); // the whole burst refills
        assertThat(rate.take(0)).isNull();
        assertThat(rate.rested()).as("a frame after the buckets refilled").isTrue();
        assertThat(rate.take(0)).isNull();
        assertThat(rate.rested()).as("the next frame at once").isFalse();
    }
}
