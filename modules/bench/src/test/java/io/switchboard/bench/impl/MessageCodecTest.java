// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private final MessageMeta meta = new MessageMeta();

    private boolean decode(String frame) {
        return MessageCodec.decode(Buffer.buffer(frame), meta);
    }

    @Test
    void aFrameWhoseFirstKeyIsErrorIsAnError() {
        assertThat(MessageCodec.isError(Buffer.buffer("{\"error\":\"not_saved\",\"id\":\"01a2\"}")))
                .isTrue();
        assertThat(MessageCodec.isError(Buffer.buffer("{\"history\":[]}"))).isFalse();
        assertThat(MessageCodec.isError(Buffer.buffer("{\"message\":\"{\\\"error\\\"\"}")))
                .isFalse();
        assertThat(MessageCodec.isError(Buffer.buffer("{"))).isFalse();
    }

    @Test
    void dataRoundTripsThroughTheFrameWeSend() {
        String text = MessageCodec.data(1234, 56, 9_876_543_210L, 0);
        assertThat(text).isEqualTo("~1234.56.9876543210");
        assertThat(decode(MessageCodec.frame(text))).isTrue();
        assertThat(meta.kind()).isEqualTo(MessageMeta.DATA);
        assertThat(meta.sender()).isEqualTo(1234);
        assertThat(meta.seq()).isEqualTo(56);
        assertThat(meta.sentNanos()).isEqualTo(9_876_543_210L);
    }

    @Test
    void dataSurvivesAServerThatReEncodesAndAddsKeys() {
        String text = MessageCodec.data(7, 0, 42, 0);
        String frame = new JsonObject()
                .put("user", "message")
                .put("message", text)
                .put("type", "chat.message")
                .encodePrettily();
        assertThat(decode(frame)).isTrue();
        assertThat(meta.sender()).isEqualTo(7);
        assertThat(meta.seq()).isEqualTo(0);
        assertThat(meta.sentNanos()).isEqualTo(42);
    }

    @Test
    void paddingIsIgnoredWhenDecoding() {
        String text = MessageCodec.data(3, 4, 5, 64);
        assertThat(text).hasSize(64).startsWith("~3.4.5.x");
        assertThat(decode(MessageCodec.frame(text))).isTrue();
        assertThat(meta.sender()).isEqualTo(3);
        assertThat(meta.seq()).isEqualTo(4);
        assertThat(meta.sentNanos()).isEqualTo(5);
    }

    @Test
    void probesAndWarmupsAreTheirOwnKinds() {
        assertThat(decode(MessageCodec.frame(MessageCodec.probe(17)))).isTrue();
        assertThat(meta.kind()).isEqualTo(MessageMeta.PROBE);
        assertThat(meta.sender()).isEqualTo(17);
        assertThat(decode("{\"message\": \"" + MessageCodec.warmup(9) + "\"}")).isTrue();
        assertThat(meta.kind()).isEqualTo(MessageMeta.WARMUP);
        assertThat(meta.sender()).isEqualTo(9);
    }

    @Test
    void framesThatAreNotOursAreForeign() {
        for (String frame : new String[] {
            "{\"message\":\"hello\"}",
            "{\"message\":42}",
            "{\"text\":\"~1.2.3\"}",
            "{\"message\":\"~1.2\"}",
            "{\"message\":\"~1..3\"}",
            "{\"message\":\"~a.2.3\"}",
            "{\"message\":\"~p\"}",
            "{\"message\":\"~1.2.3",
            "{\"message\":\"~99999999999.2.3\"}",
            "",
            "not json"
        }) {
            assertThat(decode(frame)).as(frame).isFalse();
            assertThat(meta.kind()).as(frame).isEqualTo(MessageMeta.FOREIGN);
        }
    }

    @Test
    void negativeFieldsAreRefusedWhenEncoding() {
        assertThatThrownBy(() -> MessageCodec.data(-1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
