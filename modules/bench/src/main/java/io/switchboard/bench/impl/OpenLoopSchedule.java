// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

/**
 * The open-loop send schedule of one lane: message {@code i} (from 0) is due {@code i / perSecond} seconds after the
 * measurement starts, and carries that scheduled time, not the time it actually left, so that a late client shows up
 * as latency instead of hiding it (no coordinated omission).
 */
final class OpenLoopSchedule {

    private OpenLoopSchedule() {}

    /**
     * @param elapsedNanos  time since the measurement started
     * @param perSecond  the lane's message rate, > 0
     * @return how many messages are due by then (the first one is due at once)
     */
    static long dueBy(long elapsedNanos, double perSecond) {
        return elapsedNanos < 0 ? 0 : (long) Math.floor(elapsedNanos * perSecond / 1e9) + 1;
    }

    /**
     * @param index  the message's place in the lane's schedule, from 0
     * @param perSecond  the lane's message rate, > 0
     * @return when it is due, in nanoseconds after the measurement started
     */
    static long scheduledNanos(long index, double perSecond) {
        return (long) (index * 1e9 / perSecond);
    }
}
