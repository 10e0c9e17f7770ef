// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import java.util.Objects;

/**
 * Where a message stands in a group's history: its offset, counted from 1 and increasing by one per message sent
 * to the group, and the epoch of the history it belongs to. An epoch names one unbroken history: when a history is
 * lost (a Redis restarted empty, a memory layer restarted), the group gets a new epoch, and positions of the old
 * one no longer recover anything.
 *
 * @param offset the message's offset in the group; 0 before the first message
 * @param epoch the history's epoch, short text chosen by the backend
 */
public record StreamPosition(long offset, String epoch) {

    public StreamPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("A stream offset is 0 or more, was " + offset);
        }
        Objects.requireNonNull(epoch, "epoch");
    }
}
