// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private LoginThrottle throttle(int freeFailures, int maxEntries) {
        return new LoginThrottle(freeFailures, Duration.ofMinutes(15), Duration.ofSeconds(60), maxEntries, now::get);
    }

    /** The wait a new attempt would get; an admitted probe ends without a verdict. */
    private static long waitFor(LoginThrottle throttle, String username, String address) {
        LoginThrottle.Attempt probe = throttle.begin(username, address);
        probe.abandoned();
        return probe.retryAfterSeconds();
    }

    @Test
    void attemptsBeingCheckedCountAsFailuresUntilTheyEnd() {
        LoginThrottle throttle = throttle(3, 1000);
        List<LoginThrottle.Attempt> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(throttle.begin("victim", "10.0.0." + i));
        }
        assertThat(burst)
                .extracting(LoginThrottle.Attempt::retryAfterSeconds)
                .containsExactly(0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
        LoginThrottle.Attempt fromOneAddress = throttle.begin("someone", "10.9.9.9");
        assertThat(fromOneAddress.retryAfterSeconds())
                .as("another username is not held back")
                .isZero();
        burst.get(0).abandoned();
        assertThat(waitFor(throttle, "victim", "10.0.0.1"))
                .as("an abandoned attempt frees its place")
                .isZero();
        burst.get(1).failed();
        burst.get(2).failed();
        assertThat(throttle.begin("victim", "10.0.0.1").retryAfterSeconds()).isZero();
        assertThat(throttle.begin("victim", "10.0.0.2").retryAfterSeconds())
                .as("with one free failure left, one attempt at a time")
                .isEqualTo(1);
    }

    @Test
    void oneAddressHasAtMostTheFreeFailuresInFlight() {
        LoginThrottle throttle = throttle(2, 1000);
        assertThat(throttle.begin("a", "10.0.0.1").retryAfterSeconds()).isZero();
        assertThat(throttle.begin("b", "10.0.0.1").retryAfterSeconds()).isZero();
        assertThat(throttle.begin("c", "10.0.0.1").retryAfterSeconds()).isEqualTo(1);
        assertThat(throttle.begin("c", "10.0.0.2").retryAfterSeconds()).isZero();
    }

    @Test
    void aSuccessfulAttemptLeavesNoEntryBehind() {
        LoginThrottle throttle = throttle(3, 1000);
        throttle.begin("frank", "10.0.0.1").succeeded();
        throttle.begin("grace", "10.0.0.2").abandoned();
        assertThat(throttle.entries()).isZero();
    }

    @Test
    void afterTheFreeFailuresTheWaitDoublesFromOneSecondUpToTheCap() {
        LoginThrottle throttle = throttle(5, 1000);
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.begin("Alice", "10.0.0." + i).failed()).isZero();
        }
        assertThat(waitFor(throttle, "alice", "10.0.0.9")).isZero();
        long[] waits = new long[9];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = throttle.begin("alice", "10.0.1." + i).failed();
            assertThat(waitFor(throttle, "ALICE", "10.0.2.1")).isEqualTo(waits[i]);
            now.addAndGet(waits[i] * 1000);
            assertThat(waitFor(throttle, "alice", "10.0.2.1")).isZero();
        }
        assertThat(waits).containsExactly(1, 2, 4, 8, 16, 32, 60, 60, 60);
    }

    @Test
    void anAddressIsThrottledWhateverUsernamesItTries() {
        LoginThrottle throttle = throttle(3, 1000);
        throttle.begin("a", "10.0.0.1").failed();
        throttle.begin("b", "10.0.0.1").failed();
        assertThat(throttle.begin("c", "10.0.0.1").failed()).isEqualTo(1);
        assertThat(waitFor(throttle, "d", "10.0.0.1")).isEqualTo(1);
        assertThat(waitFor(throttle, "d", "10.0.0.2")).isZero();
    }

    @Test
    void aSuccessClearsTheUsernameButNotTheAddress() {
        LoginThrottle throttle = throttle(2, 1000);
        throttle.begin("bob", "10.0.0.1").failed();
        throttle.begin("bob", "10.0.0.2").failed();
        throttle.begin("eve", "10.0.0.3").failed();
        assertThat(throttle.begin("eve", "10.0.0.3").failed()).isEqualTo(1);
        now.addAndGet(1_000);
        throttle.begin("BOB", "10.0.0.5").succeeded();
        assertThat(throttle.begin("bob", "10.0.0.4").failed())
                .as("bob starts afresh")
                .isZero();
        throttle.begin("eve", "10.0.0.6").succeeded();
        assertThat(throttle.begin("mallory", "10.0.0.3").failed())
                .as("10.0.0.3 keeps its failures")
                .isEqualTo(2);
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLatest() {
        LoginThrottle throttle = throttle(2, 1000);
        throttle.begin("carol", "10.0.0.1").failed();
        assertThat(throttle.begin("carol", "10.0.0.1").failed()).isEqualTo(1);
        now.addAndGet(Duration.ofMinutes(15).toMillis());
        assertThat(waitFor(throttle, "carol", "10.0.0.1")).isZero();
        assertThat(throttle.begin("carol", "10.0.0.1").failed()).isZero();
        now.addAndGet(Duration.ofMinutes(15).toMillis());
        throttle.begin("dave", "10.0.0.2").failed();
        assertThat(throttle.entries())
                .as("carol's and 10.0.0.1's entries expired")
                .isEqualTo(2);
    }

    @Test
    void aFloodOfMadeUpUsernamesKeepsTheTablesBounded() {
        LoginThrottle throttle = throttle(5, 1000);
        for (int i = 0; i < 50_000; i++) {
            throttle.begin("user" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255))
                    .failed();
        }
        assertThat(throttle.entries()).isEqualTo(2000);
    }
}
