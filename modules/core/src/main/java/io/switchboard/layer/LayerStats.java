// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/**
 * What a layer instance holds now and what it has done since it started. The counts are this process's: a group
 * send is counted where it was called, a delivery where the member's channel lives.
 *
 * @param channels channels with queued messages or a subscriber in this process
 * @param groups groups with at least one member known to this process
 * @param memberships channel-in-group memberships known to this process
 * @param subscriptions live subscriptions in this process
 * @param droppedFull messages a group send skipped because a member was full
 * @param droppedExpired messages dropped because they outlived the expiry
 * @param groupSends group sends called in this process
 * @param delivered group messages put in this process's members' channels
 * @param reconnects times the layer's connection to its backend came back after a loss (0 for in-process layers)
 */
public record LayerStats(
        int channels,
        int groups,
        int memberships,
        int subscriptions,
        long droppedFull,
        long droppedExpired,
        long groupSends,
        long delivered,
        long reconnects) {

    /**
     * Stats of a layer that counts no sends, deliveries or reconnects.
     *
     * @param channels channels with queued messages or a subscriber in this process
     * @param groups groups with at least one member known to this process
     * @param memberships channel-in-group memberships known to this process
     * @param subscriptions live subscriptions in this process
     * @param droppedFull messages a group send skipped because a member was full
     * @param droppedExpired messages dropped because they outlived the expiry
     */
    public LayerStats(
            int channels, int groups, int memberships, int subscriptions, long droppedFull, long droppedExpired) {
        this(channels, groups, memberships, subscriptions, droppedFull, droppedExpired, 0, 0, 0);
    }
}
