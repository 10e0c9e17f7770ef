// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonTest {

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aShortReasonIsKeptAndNoneStaysNone() {
        assertThat(ConnectionDriver.truncate("going_away")).isEqualTo("going_away");
        assertThat(ConnectionDriver.truncate(null)).isNull();
        String exact = "x".repeat(123);
        assertThat(ConnectionDriver.truncate(exact)).isSameAs(exact);
    }

    @Test
    void aLongReasonIsCutBetweenCharactersAndNeverPassesTheLimit() {
        // 122 ASCII bytes, then a 3-byte euro sign across the 123rd byte: it goes whole, not as U+FFFD
        String straddling = "x".repeat(122) + "€" + "tail";
        String cut = ConnectionDriver.truncate(straddling);
        assertThat(cut).isEqualTo("x".repeat(122));
        for (int ascii = 0; ascii < 8; ascii++) {
            String mixed = "y".repeat(ascii) + "é€😀".repeat(40);
            String shorter = ConnectionDriver.truncate(mixed);
            assertThat(utf8Length(shorter)).as("%d ASCII first", ascii).isLessThanOrEqualTo(123);
            assertThat(mixed).startsWith(shorter);
            assertThat(shorter).doesNotContain("\uFFFD");
        }
    }
}
