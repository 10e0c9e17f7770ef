// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.util.BitSet;

/**
 * What one receiving connection got from each sender of its room: unique, duplicated and out-of-order deliveries.
 *
 * <p>Per sender it keeps the next expected sequence number and, only once a sequence number was skipped, the set of
 * skipped numbers still missing. So the in-order case costs one int per sender. A delivery whose number is below one
 * already seen is out of order if it fills a gap and a duplicate otherwise. Not thread-safe: one lane owns it.
 */
public final class DeliveryLedger {

    /** The delivery is new and in order. */
    public static final int IN_ORDER = 0;
    /** The delivery is new but arrived after a later message from the same sender. */
    public static final int OUT_OF_ORDER = 1;
    /** The delivery was already received. */
    public static final int DUPLICATE = 2;

    private final int[] next;
    private final BitSet[] gaps;
    private long unique;
    private long duplicates;
    private long outOfOrder;

    /**
     * @param senders  how many senders the room has (sender indexes are 0 .. senders-1)
     */
    public DeliveryLedger(int senders) {
        if (senders <= 0) {
            throw new IllegalArgumentException("senders must be > 0, was " + senders);
        }
        this.next = new int[senders];
        this.gaps = new BitSet[senders];
    }

    /**
     * Records one delivery.
     *
     * @param sender  the sender's index in the room
     * @param seq  the message's sequence number, from 0
     * @return {@link #IN_ORDER}, {@link #OUT_OF_ORDER} or {@link #DUPLICATE}
     */
    public int record(int sender, int seq) {
        int expected = next[sender];
        if (seq == expected) {
            next[sender] = seq + 1;
            unique++;
            return IN_ORDER;
        }
        if (seq > expected) {
            BitSet missing = gaps[sender];
            if (missing == null) {
                missing = gaps[sender] = new BitSet();
            }
            missing.set(expected, seq);
            next[sender] = seq + 1;
            unique++;
            return IN_ORDER;
        }
        BitSet missing = gaps[sender];
        if (missing != null && missing.get(seq)) {
            missing.clear(seq);
            unique++;
            outOfOrder++;
            return OUT_OF_ORDER;
        }
        duplicates++;
        return DUPLICATE;
    }

    /**
     * How many of a sender's messages this receiver never got.
     *
     * @param sender  the sender's index in the room
     * @param sent  how many messages that sender sent
     * @return the count of sequence numbers below {@code sent} not received
     */
    public long missing(int sender, int sent) {
        BitSet missing = gaps[sender];
        long holes = missing == null ? 0 : missing.cardinality();
        return holes + Math.max(0, sent - next[sender]);
    }

    /** @return deliveries received once */
    public long unique() {
        return unique;
    }

    /** @return deliveries received again after the first time */
    public long duplicates() {
        return duplicates;
    }

    /** @return deliveries that came after a later message from the same sender */
    public long outOfOrder() {
        return outOfOrder;
    }
}
