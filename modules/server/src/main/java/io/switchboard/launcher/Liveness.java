// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the process can serve: every {@link #PING_MILLIS} a ping goes through each server event loop, and the
 * process is live while each answered within {@link #LIMIT_MILLIS}. A loop blocked longer (a handler that never
 * returns, a deadlock) makes {@code /health/live} answer 503, and Kubernetes restarts the pod.
 */
final class Liveness {

    static final long PING_MILLIS = 1_000;
    /** Well past Vert.x's own blocked-thread warning (2 s), so that a slow moment is not a restart. */
    static final long LIMIT_MILLIS = 10_000;

    private final Vertx vertx;
    private final List<Context> loops;
    private final long[] answered;
    /** How long each loop's last answer took: a loop busy with long tasks answers late. */
    private final long[] lag;

    private final long timer;

    private Liveness(Vertx vertx, List<Context> loops) {
        this.vertx = vertx;
        this.loops = List.copyOf(loops);
        this.answered = new long[loops.size()];
        this.lag = new long[loops.size()];
        long now = System.nanoTime();
        Arrays.fill(answered, now);
        this.timer = vertx.setPeriodic(PING_MILLIS, id -> ping());
    }

    static Liveness start(Vertx vertx, List<Context> loops) {
        return new Liveness(vertx, loops);
    }

    private void ping() {
        long sent = System.nanoTime();
        for (int i = 0; i < loops.size(); i++) {
            int loop = i;
            loops.get(i).runOnContext(v -> {
                long now = System.nanoTime();
                synchronized (answered) {
                    answered[loop] = now;
                    lag[loop] = now - sent;
                }
            });
        }
    }

    /** @return what is blocked, or {@code null} while every loop answers */
    String blocked() {
        long now = System.nanoTime();
        synchronized (answered) {
            for (int i = 0; i < answered.length; i++) {
                long silentMillis = (now - answered[i]) / 1_000_000;
                if (silentMillis > LIMIT_MILLIS) {
                    return "event loop " + i + " has not answered for " + silentMillis + " ms";
                }
            }
        }
        return null;
    }

    /** @return the longest time a loop took to answer its last ping, in seconds */
    double delaySeconds() {
        long longest = 0;
        synchronized (answered) {
            for (long took : lag) {
                longest = Math.max(longest, took);
            }
        }
        return longest / 1e9;
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
