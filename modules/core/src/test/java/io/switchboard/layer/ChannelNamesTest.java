// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    @Test
    void normalAndProcessSpecificChannelNamesAreValid() {
        assertThat(ChannelNames.isValidChannel("chat.room-1_a")).isTrue();
        assertThat(ChannelNames.isValidChannel("specific.abc!def")).isTrue();
        assertThat(ChannelNames.isValidChannel("specific.abc!")).isTrue();
        assertThat(ChannelNames.isValidChannel("a".repeat(99))).isTrue();
    }

    @Test
    void badChannelNamesAreInvalid() {
        assertThat(ChannelNames.isValidChannel(null)).isFalse();
        assertThat(ChannelNames.isValidChannel("")).isFalse();
        assertThat(ChannelNames.isValidChannel("a".repeat(100))).isFalse();
        assertThat(ChannelNames.isValidChannel("has space")).isFalse();
        assertThat(ChannelNames.isValidChannel("caf\u00e9")).isFalse();
        assertThat(ChannelNames.isValidChannel("chat\n")).isFalse();
        assertThat(ChannelNames.isValidChannel("!local")).isFalse();
        assertThat(ChannelNames.isValidChannel("a!b!c")).isFalse();
        assertThat(ChannelNames.isValidChannel("a!b c")).isFalse();
    }

    @Test
    void groupNamesRefuseTheBang() {
        assertThat(ChannelNames.isValidGroup("chat_lobby")).isTrue();
        assertThat(ChannelNames.isValidGroup("g".repeat(99))).isTrue();
        assertThat(ChannelNames.isValidGroup("a!b")).isFalse();
        assertThat(ChannelNames.isValidGroup("")).isFalse();
        assertThat(ChannelNames.isValidGroup(null)).isFalse();
        assertThat(ChannelNames.isValidGroup("g".repeat(100))).isFalse();
    }

    @Test
    void requireValidChannelNamesTheValueAndTheRule() {
        assertThat(ChannelNames.requireValidChannel("ok")).isEqualTo("ok");
        assertThatThrownBy(() -> ChannelNames.requireValidChannel("chat lobby"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid channel name 'chat lobby': use 1-99 ASCII letters, digits, '-', '_' or '.',"
                        + " with at most one '!' after a non-empty part");
        assertThatThrownBy(() -> ChannelNames.requireValidChannel(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid channel name null: ");
    }

    @Test
    void requireValidGroupNamesTheValueAndTheRule() {
        assertThat(ChannelNames.requireValidGroup("ok")).isEqualTo("ok");
        assertThatThrownBy(() -> ChannelNames.requireValidGroup("chat lobby"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid group name 'chat lobby': use 1-99 ASCII letters, digits, '-', '_' or '.'");
    }

    @Test
    void aVeryLongNameIsShortenedInTheMessage() {
        String huge = "x".repeat(500);
        assertThatThrownBy(() -> ChannelNames.requireValidGroup(huge))
                .hasMessageStartingWith("Invalid group name '" + "x".repeat(120) + "...': ");
    }

    @Test
    void theNonLocalPartEndsAtTheBang() {
        assertThat(ChannelNames.isProcessSpecific("specific.abc!def")).isTrue();
        assertThat(ChannelNames.isProcessSpecific("chat")).isFalse();
        assertThat(ChannelNames.nonLocalPart("specific.abc!def")).isEqualTo("specific.abc!");
        assertThat(ChannelNames.nonLocalPart("chat")).isEqualTo("chat");
    }
}
