// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.vertx.core.Future;

/**
 * What a backend hears back from its mailboxes. Called on whichever thread made the change, never under a mailbox's
 * lock; every method has a default that does nothing.
 */
public interface MailboxEvents {

    /**
     * Messages of a mailbox expired unread (they are already counted). Channels' rule is that such a channel leaves
     * its groups: its consumer is gone or stuck.
     *
     * @param mailbox the mailbox
     * @param count how many
     */
    default void expired(LocalMailbox mailbox, int count) {}

    /**
     * A mailbox may now want more messages, or fewer: a {@code receive} started waiting or was served, a subscriber
     * came, went or drained its queue. Backends that read on demand ({@link LocalMailbox#wantsMore()}) act on it.
     *
     * @param mailbox the mailbox
     */
    default void demandChanged(LocalMailbox mailbox) {}

    /**
     * A subscription was cancelled and its mailbox no longer delivers to it. The backend ends the channel's
     * memberships and stops routing to it.
     *
     * @param mailbox the mailbox
     * @return a future completed once the backend is done; it is what {@code cancel()} returns
     */
    default Future<Void> cancelled(LocalMailbox mailbox) {
        return Future.succeededFuture();
    }

    /**
     * The table retired a mailbox: it is out of the table and takes nothing more.
     *
     * @param mailbox the mailbox
     */
    default void retired(LocalMailbox mailbox) {}
}
