// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/**
 * How a group keeps its history: its latest {@code size} messages, each for {@code ttlSeconds}. Set per group name
 * pattern with {@link ChannelLayerOptions#putGroupHistory}.
 *
 * @param size the most messages kept, at least 1
 * @param ttlSeconds how long a message is kept, in seconds, at least 1
 */
public record HistoryPolicy(int size, long ttlSeconds) {

    /** The most messages a group's history may keep: a reader recovering gets at most this many at once. */
    public static final int MAX_SIZE = 100_000;

    public HistoryPolicy {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("A group history keeps 1 to " + MAX_SIZE + " messages, was " + size);
        }
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("A group history keeps messages for 1 s or more, was " + ttlSeconds);
        }
    }
}
