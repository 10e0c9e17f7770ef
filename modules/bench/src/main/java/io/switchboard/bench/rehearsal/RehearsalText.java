// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import java.util.Optional;

/**
 * The text of one rehearsal message, {@code "rehearsal <seq> <author> <sent millis>"}: its number in its room, who
 * sent it and when, so that any page can tell what it got, what it missed and how late. Other texts (a room's
 * history from earlier runs) are not the rehearsal's.
 *
 * @param seq the message's number in its room, from 0
 * @param author the username of the page that sent it
 * @param sentMillis when it was handed to the page's socket, by {@link #now}
 */
record RehearsalText(int seq, String author, long sentMillis) {

    private static final String PREFIX = "rehearsal ";

    /**
     * @return this JVM's monotonic clock in milliseconds: senders and receivers share the JVM, and the wall clock of a
     *     busy virtual machine jumps
     */
    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** @return the text to send */
    String text() {
        return PREFIX + seq + " " + author + " " + sentMillis;
    }

    /** @return the message a text stands for, or nothing if it is not a rehearsal's */
    static Optional<RehearsalText> parse(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = text.substring(PREFIX.length()).split(" ");
        try {
            return parts.length == 3
                    ? Optional.of(new RehearsalText(Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2])))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
