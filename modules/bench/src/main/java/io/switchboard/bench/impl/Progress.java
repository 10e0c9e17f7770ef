// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The run's clock on the main thread: waits for a condition with a time limit, and prints a progress line each
 * second (with this process's CPU use over that second) while it waits.
 */
final class Progress {

    private static final long POLL_NANOS = 5_000_000;
    private final PrintStream out;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private long lastLine = start;
    private long lastCpu = ProcessProbe.ownCpuNanos();

    Progress(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    /**
     * Polls {@code done} until it holds or {@code untilNanos} (a {@link System#nanoTime} value) passes. Blocking.
     *
     * @param line  the progress text for this phase, asked for once a second
     * @return whether {@code done} held
     */
    boolean await(BooleanSupplier done, long untilNanos, Supplier<String> line) {
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - untilNanos >= 0) {
                return false;
            }
            if (now - lastLine >= 1_000_000_000L) {
                print(now, line.get());
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_NANOS, untilNanos - now) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void print(long now, String text) {
        long cpu = ProcessProbe.ownCpuNanos();
        double pct = 100.0 * (cpu - lastCpu) / (now - lastLine);
        lastCpu = cpu;
        lastLine = now;
        if (!quiet) {
            out.printf(Locale.ROOT, "[%6.1fs] %s  client cpu %.0f%%%n", (now - start) / 1e9, text, pct);
            out.flush();
        }
    }

    /** @return seconds as nanoseconds */
    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
