// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private LoginThrottle throttle(int freeFailures, int maxEntries) {
        return new LoginThrottle(freeFailures, Duration.ofMinutes(15), Duration.ofSeconds(60), maxEntries, now::get);
    }

    @Test
    void afterTheFreeFailuresTheWaitDoublesFromOneSecondUpToTheCap() {
        LoginThrottle throttle = throttle(5, 1000);
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.failed("Alice", "10.0.0." + i)).isZero();
        }
        assertThat(throttle.retryAfterSeconds("alice", "10.0.0.9")).isZero();
        long[] waits = new long[9];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = throttle.failed("alice", "10.0.1." + i);
            assertThat(throttle.retryAfterSeconds("ALICE", "10.0.2.1")).isEqualTo(waits[i]);
            now.addAndGet(waits[i] * 1000);
            assertThat(throttle.retryAfterSeconds("alice", "10.0.2.1")).isZero();
        }
        assertThat(waits).containsExactly(1, 2, 4, 8, 16, 32, 60, 60, 60);
    }

    @Test
    void anAddressIsThrottledWhateverUsernamesItTries() {
        LoginThrottle throttle = throttle(3, 1000);
        throttle.failed("a", "10.0.0.1");
        throttle.failed("b", "10.0.0.1");
        assertThat(throttle.failed("c", "10.0.0.1")).isEqualTo(1);
        assertThat(throttle.retryAfterSeconds("d", "10.0.0.1")).isEqualTo(1);
        assertThat(throttle.retryAfterSeconds("d", "10.0.0.2")).isZero();
    }

    @Test
    void aSuccessClearsTheUsernameButNotTheAddress() {
        LoginThrottle throttle = throttle(2, 1000);
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("bob", "10.0.0.2");
        throttle.failed("eve", "10.0.0.3");
        assertThat(throttle.failed("eve", "10.0.0.3")).isEqualTo(1);
        now.addAndGet(1_000);
        throttle.succeeded("BOB");
        assertThat(throttle.failed("bob", "10.0.0.4")).as("bob starts afresh").isZero();
        throttle.succeeded("eve");
        assertThat(throttle.failed("mallory", "10.0.0.3"))
                .as("10.0.0.3 keeps its failures")
                .isEqualTo(2);
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLatest() {
        LoginThrottle throttle = throttle(2, 1000);
        throttle.failed("carol", "10.0.0.1");
        assertThat(throttle.failed("carol", "10.0.0.1")).isEqualTo(1);
        now.addAndGet(Duration.ofMinutes(15).toMillis());
        assertThat(throttle.retryAfterSeconds("carol", "10.0.0.1")).isZero();
        assertThat(throttle.failed("carol", "10.0.0.1")).isZero();
        now.addAndGet(Duration.ofMinutes(15).toMillis());
        throttle.failed("dave", "10.0.0.2");
        assertThat(throttle.entries())
                .as("carol's and 10.0.0.1's entries expired")
                .isEqualTo(2);
    }

    @Test
    void aFloodOfMadeUpUsernamesKeepsTheTablesBounded() {
        LoginThrottle throttle = throttle(5, 1000);
        for (int i = 0; i < 50_000; i++) {
            throttle.failed("user" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertThat(throttle.entries()).isEqualTo(2000);
    }
}
