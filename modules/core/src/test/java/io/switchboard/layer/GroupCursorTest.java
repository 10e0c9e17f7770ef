// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.GroupCursor.Next;
import io.switchboard.layer.GroupCursor.Step;
import io.switchboard.layer.GroupCursor.Verdict;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCursorTest {

    private static JsonObject at(long offset) {
        return at(offset, "e1");
    }

    private static JsonObject at(long offset, String epoch) {
        return new StreamPosition(offset, epoch).stamp("g", new JsonObject().put("n", offset));
    }

    private static List<Long> offsets(Step step) {
        return step.deliver().stream().map(m -> StreamPosition.of(m).offset()).toList();
    }

    @Test
    void liveMessagesWaitForTheHistoryAndTheSeamHasNoGapAndNoDuplicate() {
        GroupCursor cursor = GroupCursor.recovering(new StreamPosition(3, "e1"));
        // joined first, then read the history: 6 and 7 arrive live meanwhile, 6 is also in the history
        assertThat(cursor.live(at(6))).isEqualTo(Verdict.TAKEN);
        assertThat(cursor.live(at(7))).isEqualTo(Verdict.TAKEN);
        Step step = cursor.recovered(List.of(at(4), at(5), at(6)));
        assertThat(offsets(step)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(step.next()).isEqualTo(Next.CONTINUE);
        assertThat(cursor.live(at(8))).isEqualTo(Verdict.DELIVER);
        assertThat(cursor.position()).isEqualTo(new StreamPosition(8, "e1"));
    }

    @Test
    void aDuplicateIsDroppedAndAGapAsksForTheHistory() {
        GroupCursor cursor = GroupCursor.from(new StreamPosition(5, "e1"));
        assertThat(cursor.live(at(5))).isEqualTo(Verdict.TAKEN);
        assertThat(cursor.live(at(6))).isEqualTo(Verdict.DELIVER);
        assertThat(cursor.live(at(9))).isEqualTo(Verdict.READ_HISTORY);
        assertThat(cursor.isReading()).isTrue();
        assertThat(cursor.held()).isEqualTo(1);
        assertThat(cursor.position()).isEqualTo(new StreamPosition(6, "e1"));
        assertThat(cursor.live(at(10))).isEqualTo(Verdict.TAKEN);
        Step filled = cursor.recovered(List.of(at(7), at(8), at(9)));
        assertThat(offsets(filled)).containsExactly(7L, 8L, 9L, 10L);
        assertThat(filled.next()).isEqualTo(Next.CONTINUE);
    }

    @Test
    void anotherEpochIsAGapAndNotRecoveredRestartsAtTheTop() {
        GroupCursor cursor = GroupCursor.from(new StreamPosition(5, "e1"));
        assertThat(cursor.live(at(1, "e2"))).isEqualTo(Verdict.READ_HISTORY);
        cursor.live(at(2, "e2"));
        cursor.live(at(3, "e2"));
        Step restarted = cursor.notRecovered(new StreamPosition(2, "e2"));
        assertThat(offsets(restarted)).containsExactly(3L);
        assertThat(restarted.next()).isEqualTo(Next.CONTINUE);
        assertThat(cursor.position()).isEqualTo(new StreamPosition(3, "e2"));
    }

    @Test
    void aGapAmongTheHeldMessagesAsksForTheHistoryAgain() {
        GroupCursor cursor = GroupCursor.recovering(new StreamPosition(0, "e1"));
        cursor.live(at(5));
        Step step = cursor.recovered(List.of(at(1), at(2)));
        assertThat(offsets(step)).containsExactly(1L, 2L);
        assertThat(step.next()).isEqualTo(Next.READ_HISTORY);
        assertThat(offsets(cursor.recovered(List.of(at(3), at(4), at(5))))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void messagesWithoutAPositionPassThrough() {
        GroupCursor cursor = GroupCursor.from(new StreamPosition(0, "e1"));
        JsonObject plain = new JsonObject().put("type", "chat.message");
        assertThat(cursor.live(plain)).isEqualTo(Verdict.DELIVER);
        assertThat(StreamPosition.of(plain)).isNull();
        assertThat(StreamPosition.of(at(4))).isEqualTo(new StreamPosition(4, "e1"));
        assertThat(StreamPosition.groupOf(at(4))).isEqualTo("g");
        assertThat(StreamPosition.groupOf(plain)).isNull();
    }

    @Test
    void aHeldMessageOfAnEpochTheReadDidNotSeeIsDroppedNotReadForEver() {
        GroupCursor cursor = GroupCursor.from(new StreamPosition(5, "e1"));
        assertThat(cursor.live(at(7))).isEqualTo(Verdict.READ_HISTORY);
        // the history was lost meanwhile: the read finds epoch e2
        Step step = cursor.notRecovered(new StreamPosition(3, "e2"));
        assertThat(step.deliver()).isEmpty();
        assertThat(step.next()).isEqualTo(Next.CONTINUE);
        assertThat(cursor.live(at(4, "e2"))).isEqualTo(Verdict.DELIVER);
    }

    @Test
    void aLossReportedDuringAReadIsReadAgainAfterIt() {
        GroupCursor cursor = GroupCursor.from(new StreamPosition(0, "e1"));
        assertThat(cursor.lost().next()).isEqualTo(Next.READ_HISTORY);
        assertThat(cursor.lost().next()).isEqualTo(Next.CONTINUE);
        Step first = cursor.recovered(List.of(at(1), at(2)));
        assertThat(offsets(first)).containsExactly(1L, 2L);
        assertThat(first.next()).isEqualTo(Next.READ_HISTORY);
        Step second = cursor.recovered(List.of(at(3)));
        assertThat(offsets(second)).containsExactly(3L);
        assertThat(second.next()).isEqualTo(Next.CONTINUE);
    }
}
