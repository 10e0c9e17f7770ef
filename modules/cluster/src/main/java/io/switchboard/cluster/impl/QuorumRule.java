// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

/**
 * When a node counts as cut off from its cluster: it sees fewer members than its quorum. The quorum is set, or by
 * default a majority of the most members the node has seen, a member that left on purpose no longer counted: a
 * node that sees only a minority cannot tell a split or its own freeze from the others' deaths, and the majority
 * side serves on. Below three members there is no majority to tell them apart, so each node serves alone.
 * Not thread-safe.
 */
public final class QuorumRule {

    private final int fixed;
    private int peak;

    /** @param fixed the quorum, or 0 for a majority of the most members seen */
    public QuorumRule(int fixed) {
        this.fixed = fixed;
    }

    /** Counts the members this node sees now. */
    public void seen(int members) {
        peak = Math.max(peak, members);
    }

    /** A member left on purpose (it stopped): the cluster is meant to be smaller now. */
    public void departed(int members) {
        peak = Math.max(members, peak - 1);
    }

    /** @return the members this node must see to serve */
    public int quorum() {
        if (fixed > 0) {
            return fixed;
        }
        return peak >= 3 ? peak / 2 + 1 : 1;
    }

    /** @return whether a node that sees {@code members} members is cut off */
    public boolean cutOff(int members) {
        return members < quorum();
    }
}
