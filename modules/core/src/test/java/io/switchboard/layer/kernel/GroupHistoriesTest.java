// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupHistoriesTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final GroupHistories histories =
            new GroupHistories(group -> group.startsWith("room_") ? new HistoryPolicy(100, 1) : null);

    private static JsonObject stamped(StreamPosition position) {
        return new JsonObject().put("offset", position.offset()).put("epoch", position.epoch());
    }

    private JsonObject append(String group, long now) {
        List<JsonObject> delivered = new ArrayList<>();
        histories.append(group, null, GroupHistoriesTest::stamped, delivered::add, now);
        return delivered.get(0);
    }

    @Test
    void onlyGroupsWithAPolicyKeepAHistory() {
        assertThat(histories.keepsHistory("room_a")).isTrue();
        assertThat(histories.keepsHistory("lobby")).isFalse();
        assertThatThrownBy(() -> append("lobby", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Group 'lobby' keeps no history");
    }

    @Test
    void eachGroupCountsItsOwnOffsetsUnderItsOwnEpoch() {
        JsonObject a1 = append("room_a", 0);
        JsonObject a2 = append("room_a", 0);
        JsonObject b1 = append("room_b", 0);
        assertThat(a1.getLong("offset")).isEqualTo(1);
        assertThat(a2.getLong("offset")).isEqualTo(2);
        assertThat(b1.getLong("offset")).isEqualTo(1);
        assertThat(a1.getString("epoch")).isEqualTo(a2.getString("epoch")).isNotEqualTo(b1.getString("epoch"));
        assertThat(histories.since("room_a", new StreamPosition(0, a1.getString("epoch")), 0))
                .isEqualTo(new Recovered(List.of(a1, a2), new StreamPosition(2, a1.getString("epoch"))));
    }

    @Test
    void theSweepDropsAnIdleHistoryAndItsSuccessorHasANewEpoch() {
        String epoch = append("room_a", 0).getString("epoch");
        histories.sweep(SECOND / 2);
        assertThat(histories.size()).isEqualTo(1);
        histories.sweep(2 * SECOND);
        assertThat(histories.size()).isZero();
        assertThat(histories.since("room_a", new StreamPosition(1, epoch), 2 * SECOND))
                .isInstanceOfSatisfying(
                        NotRecovered.class, n -> assertThat(n.reason()).isEqualTo("the history's epoch changed"));
        assertThat(append("room_a", 2 * SECOND).getLong("offset")).isEqualTo(1);
    }

    @Test
    void clearGivesEveryGroupANewEpoch() {
        String epoch = append("room_a", 0).getString("epoch");
        histories.clear();
        assertThat(append("room_a", 0).getString("epoch")).isNotEqualTo(epoch);
    }

    @Test
    void concurrentSendersDeliverInOffsetOrder() throws InterruptedException {
        List<Long> delivered = new ArrayList<>();
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // The delivery runs under the group's lock, so this list needs no lock of its own
                    histories.append(
                            "room_a", null, GroupHistoriesTest::stamped, m -> delivered.add(m.getLong("offset")), 0);
                }
            });
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(delivered).hasSize(threads * perThread);
        for (int i = 0; i < delivered.size(); i++) {
            assertThat(delivered.get(i)).isEqualTo(i + 1L);
        }
    }
}
