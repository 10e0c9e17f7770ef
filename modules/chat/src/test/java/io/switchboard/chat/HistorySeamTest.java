// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistorySeamTest {

    private static JsonObject message(String id) {
        return new JsonObject().put("id", id).put("message", "text " + id);
    }

    @Test
    void liveMessagesWaitForTheHistoryAndThoseItHoldsAreSkipped() {
        HistorySeam seam = new HistorySeam();
        assertThat(seam.live(message("02"))).isFalse();
        assertThat(seam.live(message("03"))).isFalse();
        assertThat(seam.loading()).isTrue();

        List<JsonObject> after = seam.loaded(List.of(message("01"), message("02")), 50);

        assertThat(seam.loading()).isFalse();
        assertThat(after).containsExactly(message("03"));
        assertThat(seam.live(message("04"))).isTrue();
    }

    @Test
    void aMessageStoredBeforeItsBroadcastArrivedIsSkippedWhenItComesLate() {
        HistorySeam seam = new HistorySeam();
        assertThat(seam.loaded(List.of(message("01"), message("02")), 50)).isEmpty();
        assertThat(seam.live(message("02"))).isFalse();
        assertThat(seam.live(message("03"))).isTrue();
    }

    @Test
    void aFullHistoryCutsOffOlderLiveMessagesToKeepTheOrder() {
        HistorySeam seam = new HistorySeam();
        seam.live(message("01"));
        seam.live(message("05"));
        List<JsonObject> after = seam.loaded(List.of(message("02"), message("03"), message("04")), 3);
        assertThat(after).containsExactly(message("05"));
        assertThat(seam.live(message("00"))).isFalse();
    }

    @Test
    void aFailedHistoryReleasesTheWaitingMessagesInOrder() {
        HistorySeam seam = new HistorySeam();
        seam.live(message("01"));
        seam.live(new JsonObject().put("message", "from another service, without an id"));
        assertThat(seam.failed())
                .containsExactly(message("01"), new JsonObject().put("message", "from another service, without an id"));
        assertThat(seam.live(message("01"))).isTrue();
    }

    @Test
    void atMostMaxWaitingMessagesWaitAndTheOldestGoFirst() {
        HistorySeam seam = new HistorySeam();
        for (int i = 0; i < HistorySeam.MAX_WAITING + 5; i++) {
            seam.live(message(String.format("%05d", i)));
        }
        List<JsonObject> after = seam.loaded(List.of(), 50);
        assertThat(after).hasSize(HistorySeam.MAX_WAITING);
        assertThat(after.get(0)).isEqualTo(message("00005"));
    }
}
