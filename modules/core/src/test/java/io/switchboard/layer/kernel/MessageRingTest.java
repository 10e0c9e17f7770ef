// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRingTest {

    private static JsonObject message(int n) {
        return new JsonObject().put("n", n);
    }

    @Test
    void anEmptyRingGrowsOnItsFirstMessagesAndKeepsTheirOrder() {
        MessageRing ring = new MessageRing();
        assertThat(ring.isEmpty()).isTrue();
        for (int i = 0; i < 3; i++) {
            ring.add(message(i), 1_000);
        }
        ring.poll();
        for (int i = 3; i < 11; i++) {
            ring.add(message(i), 1_000); // wraps around, then grows twice
        }
        List<Integer> seen = new ArrayList<>();
        while (!ring.isEmpty()) {
            seen.add(ring.poll().getInteger("n"));
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void expiredMessagesLeaveFromTheHeadOnly() {
        MessageRing ring = new MessageRing();
        ring.add(message(0), 10);
        ring.add(message(1), 20);
        ring.add(message(2), 5); // out of order: stays until the ones ahead of it go
        assertThat(ring.dropExpired(15)).isEqualTo(1);
        assertThat(ring.size()).isEqualTo(2);
        assertThat(ring.dropExpired(25)).isEqualTo(2);
        assertThat(ring.clear()).isZero();
    }
}
