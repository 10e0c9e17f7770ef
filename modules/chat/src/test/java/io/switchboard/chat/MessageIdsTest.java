// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsGrowWithinOneMillisecondAndWhenTheClockGoesBack() {
        MessageIds ids = new MessageIds();
        List<String> made = new ArrayList<>();
        made.add(ids.next(1_000));
        made.add(ids.next(1_000));
        made.add(ids.next(999));
        made.add(ids.next(2_000));
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{24}"));
        assertThat(made.get(0)).startsWith("0000000003e8" + "0000");
    }

    @Test
    void pastTheSequenceLimitTheNextMillisecondIsBorrowed() {
        MessageIds ids = new MessageIds();
        String previous = ids.next(5_000);
        for (int i = 0; i < 70_000; i++) {
            String next = ids.next(5_000);
            assertThat(next.compareTo(previous)).isPositive();
            previous = next;
        }
        assertThat(previous).startsWith(String.format("%012x", 5_001));
    }

    @Test
    void twoProcessesMakeDifferentIdsAtTheSameMoment() {
        assertThat(new MessageIds().next(7)).isNotEqualTo(new MessageIds().next(7));
    }

    @Test
    void theFloorOfATimeSortsBetweenEarlierAndLaterIds() {
        MessageIds ids = new MessageIds();
        String before = ids.next(9_999);
        String at = ids.next(10_000);
        String floor = MessageIds.floor(10_000);
        assertThat(before.compareTo(floor)).isNegative();
        assertThat(at.compareTo(floor)).isPositive();
    }
}
