// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuorumRuleTest {

    @Test
    void aMinorityOfTheMostMembersSeenIsCutOff() {
        QuorumRule rule = new QuorumRule(0);
        rule.seen(1);
        rule.seen(2);
        rule.seen(3);

        assertThat(rule.quorum()).isEqualTo(2);
        assertThat(rule.cutOff(2))
                .as("one of three lost: the majority serves on")
                .isFalse();
        assertThat(rule.cutOff(1)).as("alone of three: a freeze or a split").isTrue();
    }

    @Test
    void belowThreeMembersEveryNodeServesAlone() {
        QuorumRule rule = new QuorumRule(0);
        rule.seen(2);

        assertThat(rule.cutOff(1))
                .as("two nodes cannot tell a split from a death")
                .isFalse();
    }

    @Test
    void membersThatLeftOnPurposeNoLongerCount() {
        QuorumRule rule = new QuorumRule(0);
        rule.seen(5);
        assertThat(rule.quorum()).isEqualTo(3);

        rule.departed(4);
        rule.departed(3);
        rule.departed(2);

        assertThat(rule.cutOff(2)).as("scaled down from five to two").isFalse();
        rule.departed(1);
        assertThat(rule.cutOff(1)).isFalse();
    }

    @Test
    void aLostMemberStillCountsUntilTheClusterGrowsAgain() {
        QuorumRule rule = new QuorumRule(0);
        rule.seen(4);
        rule.departed(3);

        assertThat(rule.quorum()).as("a majority of three").isEqualTo(2);
        assertThat(rule.cutOff(1)).isTrue();
    }

    @Test
    void aSetQuorumHoldsWhateverWasSeen() {
        QuorumRule rule = new QuorumRule(2);
        rule.seen(2);

        assertThat(rule.cutOff(1)).isTrue();
        rule.seen(7);
        assertThat(rule.cutOff(2)).isFalse();
    }
}
