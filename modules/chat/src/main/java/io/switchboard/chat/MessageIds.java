// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.security.SecureRandom;

/**
 * Message ids made by the sending server, so that a message can be broadcast before it is stored: 24 lower-case
 * hex digits, {@code <12: milliseconds><4: sequence><8: this process>}. Ids of one process only grow, so a sender's
 * messages sort in the order it sent them; across processes they sort by time. Thread-safe.
 */
final class MessageIds {

    private static final int SEQUENCE_LIMIT = 0x10000;

    private final String node;
    private long millis;
    private int sequence;

    MessageIds() {
        this.node = String.format("%08x", new SecureRandom().nextInt());
    }

    /**
     * @param now the current time in milliseconds
     * @return a new id, greater than every id this generator made before
     */
    synchronized String next(long now) {
        if (now > millis) {
            millis = now;
            sequence = 0;
        } else if (++sequence == SEQUENCE_LIMIT) {
            // more than 65536 ids in one millisecond, or the clock went back: borrow from the next millisecond
            millis++;
            sequence = 0;
        }
        char[] id = new char[24];
        hex(millis, id, 0, 12);
        hex(sequence, id, 12, 4);
        node.getChars(0, 8, id, 16);
        return new String(id);
    }

    /**
     * The bound below every id made at or after a time: ids start with their time, so {@code id < floor(t)} holds
     * for exactly the ids made before {@code t}, and an index on the id serves queries by age.
     *
     * @param millis a time in epoch milliseconds
     * @return the 12 hex digits of {@code millis}, which sort below any id of that millisecond
     */
    static String floor(long millis) {
        char[] prefix = new char[12];
        hex(millis, prefix, 0, 12);
        return new String(prefix);
    }

    /** Writes the low {@code digits} hex digits of {@code value} into {@code to} at {@code from}, zero-padded. */
    private static void hex(long value, char[] to, int from, int digits) {
        for (int i = from + digits - 1; i >= from; i--) {
            to[i] = Character.forDigit((int) (value & 0xf), 16);
            value >>>= 4;
        }
    }
}
