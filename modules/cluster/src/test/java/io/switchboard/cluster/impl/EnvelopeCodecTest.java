// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.kernel.FrozenJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The wire form of {@link Envelope}: compact, encoded once, decoded read-only. */
class EnvelopeCodecTest {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.INSTANCE;

    @Test
    void aGroupMessageIsEncodedOnceWhateverTheNumberOfNodesItGoesTo() {
        JsonObject message =
                FrozenJson.freeze(new JsonObject().put("type", "chat.message").put("message", "h\u00e9llo"));
        Envelope envelope = Envelope.of(Envelope.GROUP, "room-1", "00ff00ff00ff00ff", message);
        Buffer toNodeA = Buffer.buffer();
        Buffer toNodeB = Buffer.buffer();
        CODEC.encodeToWire(toNodeA, envelope);
        Buffer encodedOnce = envelope.bytes();
        CODEC.encodeToWire(toNodeB, envelope);

        assertThat(envelope.bytes()).isSameAs(encodedOnce);
        assertThat(toNodeB).isEqualTo(toNodeA);
        // framing: kind, target, origin and lengths add 24 bytes to the JSON text
        assertThat(toNodeA.length()).isEqualTo(encodedOnce.length() + 1 + 2 + 6 + 1 + 16 + 4);
    }

    @Test
    void decodingGivesTheSameFieldsAndOneSharedReadOnlyMessage() {
        JsonObject message = new JsonObject().put("type", "chat.message").put("n", 7);
        Buffer wire = Buffer.buffer("junk-before");
        CODEC.encodeToWire(wire, Envelope.of(Envelope.CHANNEL, "specific.a!b", "0123456789abcdef", message));
        Envelope decoded = CODEC.decodeFromWire("junk-before".length(), wire);

        assertThat(decoded.kind()).isEqualTo(Envelope.CHANNEL);
        assertThat(decoded.target()).isEqualTo("specific.a!b");
        assertThat(decoded.origin()).isEqualTo("0123456789abcdef");
        assertThat(decoded.message()).isEqualTo(message);
        assertThat(decoded.message()).isSameAs(decoded.message());
        assertThatThrownBy(() -> decoded.message().put("n", 8)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(CODEC.transform(decoded)).isSameAs(decoded);
    }
}
