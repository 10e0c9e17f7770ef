// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

/**
 * A property of the channel-layer contract that a backend may be unable to meet exactly. A backend declares
 * each such gap with {@link ChannelLayerContractFixture#deviation}; the tests of that property then abort with
 * the message {@code "deviation: <reason>"}, so a report shows them as skipped with the reason, never as passed.
 */
public enum ContractProperty {
    /** {@code send} fails with {@code ChannelFullException} at the channel's capacity; group sends skip it. */
    CAPACITY,
    /**
     * A send's capacity check happens at the call, so a send from inside the channel's own handler counts the message
     * in hand.
     */
    CAPACITY_AT_CALL,
    /** {@code channelCapacity} glob overrides change the capacity of matching channels. */
    CHANNEL_CAPACITY,
    /** Unread messages are dropped once they are older than the expiry. */
    EXPIRY,
    /** A channel whose message expired leaves every group (Channels' in-memory rule). */
    EXPIRY_ENDS_MEMBERSHIP,
    /** A membership ends once its latest {@code groupAdd} is older than the group expiry. */
    GROUP_EXPIRY,
    /** Messages sent while nobody receives wait for a later {@code receive} (pub/sub layers lose them). */
    RECEIVE_QUEUES_WITHOUT_SUBSCRIBER,
    /** Several {@code receive} calls waiting on one channel are served in the order they were made. */
    WAITER_ORDER,
    /** {@code newChannel} names are process-specific: they hold a {@code !}. */
    PROCESS_SPECIFIC_NAMES,
    /** {@code stats()} counts groups, memberships, subscriptions and dropped messages. */
    STATS,
    /**
     * Groups matching {@code groupHistory} number their messages (offset and epoch under {@code __stream__}) and
     * {@code groupHistory(group, since)} gives back exactly the messages after a position, or says why not.
     */
    GROUP_HISTORY,
    /**
     * What one layer instance tracks in a group's presence is listed by every instance of the backend, as by every
     * node of a cluster (a memory layer is one node of its own).
     */
    SHARED_PRESENCE
}
