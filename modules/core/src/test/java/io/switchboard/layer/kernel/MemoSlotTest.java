// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoSlotTest {

    private static final Object POSITION = new Object();
    private static final Object FRAME = new Object();
    private static final Object OTHER = new Object();

    @Test
    void twoComputationsAreRememberedSideBySide() {
        MemoSlot slot = new MemoSlot();
        AtomicInteger computed = new AtomicInteger();

        for (int member = 0; member < 50; member++) {
            slot.memo(POSITION, () -> "position " + computed.incrementAndGet());
            slot.memo(FRAME, () -> "frame " + computed.incrementAndGet());
        }

        assertThat(computed).hasValue(2);
        assertThat(slot.<String>memo(POSITION, () -> "again")).isEqualTo("position 1");
    }

    @Test
    void aThirdComputationForgetsTheOldest() {
        MemoSlot slot = new MemoSlot();
        slot.memo(POSITION, () -> 1);
        slot.memo(FRAME, () -> 2);
        slot.memo(OTHER, () -> 3);

        assertThat(slot.<Integer>memo(FRAME, () -> -1)).isEqualTo(2);
        assertThat(slot.<Integer>memo(POSITION, () -> -1)).isEqualTo(-1);
    }
}
