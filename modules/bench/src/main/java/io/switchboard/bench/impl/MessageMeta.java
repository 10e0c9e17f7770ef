// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

/**
 * What {@link MessageCodec#decode} found in one received frame; reused by one lane for every frame, so decoding does
 * not allocate.
 */
public final class MessageMeta {

    /** A measured message: {@link #sender}, {@link #seq} and {@link #sentNanos} are set. */
    public static final int DATA = 1;
    /** A readiness probe: {@link #sender} holds the room index. */
    public static final int PROBE = 2;
    /** A warm-up message: {@link #sender} is set. */
    public static final int WARMUP = 3;
    /** Not one of ours (another key layout, a server notice, a history replay of an unknown format). */
    public static final int FOREIGN = 0;

    int kind;
    int sender;
    int seq;
    long sentNanos;

    /** @return one of {@link #DATA}, {@link #PROBE}, {@link #WARMUP}, {@link #FOREIGN} */
    public int kind() {
        return kind;
    }

    /** @return the sender's member id (the room index for a probe) */
    public int sender() {
        return sender;
    }

    /** @return the sender's sequence number, from 0 */
    public int seq() {
        return seq;
    }

    /** @return the send time in nanoseconds since the run's epoch */
    public long sentNanos() {
        return sentNanos;
    }
}
