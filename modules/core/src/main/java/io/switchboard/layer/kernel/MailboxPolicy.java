// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * How a backend's mailboxes hold messages.
 *
 * @param capacity the capacity of a channel by its name (messages queued plus the one being handled)
 * @param expiryNanos how long a message may wait unread before it is dropped
 * @param overflow what a full mailbox does with one more message
 * @param retireWhenIdle whether a mailbox leaves the table as soon as it holds nothing and nobody reads it (the
 *     memory layer); otherwise only the sweep and an ended subscription retire it, so that a backend's routing to
 *     it is not set up and torn down between two {@code receive} calls
 */
public record MailboxPolicy(
        ToIntFunction<String> capacity, long expiryNanos, Overflow overflow, boolean retireWhenIdle) {

    /** What a full mailbox does with one more message. */
    public enum Overflow {
        /** The new message is refused: {@code send} fails with a full channel, a group member misses it. */
        REFUSE_NEWEST,
        /** The oldest queued message makes room, as channels_redis' receive buffers do; it counts as dropped full. */
        DROP_OLDEST
    }

    public MailboxPolicy {
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(overflow, "overflow");
    }
}
