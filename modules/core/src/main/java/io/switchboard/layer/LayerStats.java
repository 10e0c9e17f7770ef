// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/**
 * What a layer instance holds now and what it has dropped since it started.
 *
 * @param channels channels with queued messages or a subscriber in this process
 * @param groups groups with at least one member known to this process
 * @param memberships channel-in-group memberships known to this process
 * @param subscriptions live subscriptions in this process
 * @param droppedFull messages a group send skipped because a member was full
 * @param droppedExpired messages dropped because they outlived the expiry
 */
public record LayerStats(
        int channels, int groups, int memberships, int subscriptions, long droppedFull, long droppedExpired) {}
