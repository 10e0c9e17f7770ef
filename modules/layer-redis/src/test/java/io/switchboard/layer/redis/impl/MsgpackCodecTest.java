// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MsgpackCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Every type of the wire spec's table, as python3-msgpack 1.0.3 writes it:
     * {@code msgpack.packb(msg, use_bin_type=True).hex()} for the same map (computed once with Debian's
     * /usr/bin/python3 and recorded here).
     */
    private static final String PYTHON_ALL_TYPES =
            "de001ca474797065a9616c6c2e7479706573a474657874aa68c3a96c6c6f20e29c93"
                    + "a96c6f6e675f74657874d928787878787878787878787878787878787878787878787878787878787878787878787878787878"
                    + "78a5656d707479a0a56279746573c4030001ffa47a65726f00a6666978696e747fa27538cc80a575386d6178ccffa3753136cd"
                    + "0100a3753332ce00010000a3753634cf0000000100000000a66936346d6178cf7fffffffffffffffa67536346d6178cfffffff"
                    + "ffffffffffa36e6567ffa66e6567666978e0a26938d0dfa3693136d1ff7fa3693332d2ffff7fffa3693634d3ffffffff7fffff"
                    + "ffa5666c6f6174cb3ff8000000000000a86e6567666c6f6174cbbfb999999999999aa174c3a166c2a46e6f6e65c0a46c697374"
                    + "9601c0c3a161c4016291cb4004000000000000a36d617081a16b81a46465657090a8656d7074796d617080";

    private static JsonObject allTypes() {
        return new JsonObject()
                .put("type", "all.types")
                .put("text", "héllo ✓")
                .put("long_text", "x".repeat(40))
                .put("empty", "")
                .put("bytes", new byte[] {0, 1, (byte) 0xff})
                .put("zero", 0)
                .put("fixint", 127)
                .put("u8", 128)
                .put("u8max", 255)
                .put("u16", 256)
                .put("u32", 65536)
                .put("u64", 1L << 32)
                .put("i64max", Long.MAX_VALUE)
                .put("u64max", BigInteger.TWO.pow(64).subtract(BigInteger.ONE))
                .put("neg", -1)
                .put("negfix", -32)
                .put("i8", -33)
                .put("i16", -129)
                .put("i32", -32769)
                .put("i64", -(1L << 31) - 1)
                .put("float", 1.5)
                .put("negfloat", -0.1)
                .put("t", true)
                .put("f", false)
                .putNull("none")
                .put(
                        "list",
                        new JsonArray()
                                .add(1)
                                .addNull()
                                .add(true)
                                .add("a")
                                .add(new byte[] {'b'})
                                .add(new JsonArray().add(2.5)))
                .put("map", new JsonObject().put("k", new JsonObject().put("deep", new JsonArray())))
                .put("emptymap", new JsonObject());
    }

    @Test
    void encodesEveryTypeExactlyAsPythonMsgpack() {
        byte[] plain = MsgpackCodec.plain(MsgpackCodec.encodeBody(allTypes()));
        assertThat(HEX.formatHex(plain)).isEqualTo(PYTHON_ALL_TYPES);
    }

    @Test
    void decodesEveryTypeThatPythonWrites() throws Exception {
        MsgpackCodec.Decoded decoded = MsgpackCodec.decode(HEX.parseHex(PYTHON_ALL_TYPES), 0);
        JsonObject message = decoded.message();
        assertThat(decoded.targets()).isNull();
        assertThat(message).isEqualTo(allTypes());
        assertThat(message.getMap().get("bytes")).isInstanceOf(Buffer.class);
        assertThat(message.getBinary("bytes")).containsExactly(0, 1, 0xff);
        assertThat(message.getMap().get("fixint")).isInstanceOf(Integer.class);
        assertThat(message.getValue("u64")).isEqualTo(1L << 32);
        assertThat(message.getValue("u64max")).isEqualTo(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
        assertThat(message.getValue("float")).isEqualTo(1.5);
        assertThat(message.getJsonArray("list").getBinary(4)).containsExactly('b');
        assertThat(message.fieldNames()).containsExactlyElementsOf(allTypes().fieldNames());
    }

    @Test
    void groupSendMemberMatchesTheSpecExample() throws Exception {
        String channel = "specific.4ad5acb8cdea4a998a38c41b7db42ad5!8870fc73840a404f9f7efd5de11d02bf";
        JsonObject message = new JsonObject().put("type", "chat.message").put("message", "hi");
        byte[] member = MsgpackCodec.member(MsgpackCodec.encodeBody(message), List.of(channel));

        assertThat(member).hasSize(136);
        String expected = "83" + "a4" + hex("type") + "ac" + hex("chat.message") + "a7" + hex("message") + "a2"
                + hex("hi") + "b0" + hex("__asgi_channel__") + "91" + "d94a" + hex(channel);
        assertThat(HEX.formatHex(Arrays.copyOfRange(member, 12, member.length))).isEqualTo(expected);

        MsgpackCodec.Decoded decoded = MsgpackCodec.decode(member, MsgpackCodec.RANDOM_PREFIX_LENGTH);
        assertThat(decoded.message()).isEqualTo(message);
        assertThat(decoded.targets()).containsExactly(channel);
    }

    @Test
    void directSendMarkerIsAPlainString() throws Exception {
        String channel = "specific.abc!def";
        byte[] member = MsgpackCodec.member(MsgpackCodec.encodeBody(new JsonObject().put("type", "direct")), channel);
        assertThat(HEX.formatHex(Arrays.copyOfRange(member, 12, member.length)))
                .isEqualTo("82a4" + hex("type") + "a6" + hex("direct") + "b0" + hex("__asgi_channel__") + "b0"
                        + hex(channel));
        assertThat(MsgpackCodec.decode(member, 12).targets()).containsExactly(channel);
    }

    @Test
    void membersStartWithFreshRandomBytes() {
        MsgpackCodec.Body body = MsgpackCodec.encodeBody(new JsonObject().put("type", "x"));
        byte[] a = MsgpackCodec.member(body);
        byte[] b = MsgpackCodec.member(body);
        assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
        assertThat(Arrays.copyOfRange(a, 12, a.length)).isEqualTo(Arrays.copyOfRange(b, 12, b.length));
    }

    @Test
    void specValuesHaveTheirRecordedBytes() {
        assertThat(valueHex(new byte[] {0, 1})).isEqualTo("c4020001");
        assertThat(valueHex(Buffer.buffer(new byte[] {0, 1}))).isEqualTo("c4020001");
        assertThat(valueHex(1.5)).isEqualTo("cb3ff8000000000000");
        assertThat(valueHex(1.5f)).isEqualTo("cb3ff8000000000000");
        assertThat(valueHex(new JsonArray().add(1).addNull().add(true))).isEqualTo("9301c0c3");
        assertThat(valueHex(List.of(1, 2))).isEqualTo("920102");
    }

    @Test
    void bytesAndBuffersTravelAsBinAndComeBackAsBuffers() throws Exception {
        JsonObject message = new JsonObject().put("type", "b").put("payload", Buffer.buffer("raw"));
        JsonObject back = roundTrip(message);
        assertThat(back.getMap().get("payload")).isInstanceOf(Buffer.class);
        assertThat(back.getBuffer("payload")).isEqualTo(Buffer.buffer("raw"));
    }

    @Test
    void instantsAndEnumsTravelAsTheirJsonText() throws Exception {
        Instant at = Instant.parse("2025-01-02T03:04:05.123Z");
        JsonObject back = roundTrip(new JsonObject().put("at", at).put("unit", TimeUnit.SECONDS));
        assertThat(back.getValue("at")).isEqualTo("2025-01-02T03:04:05.123Z");
        assertThat(back.getValue("unit")).isEqualTo("SECONDS");
    }

    @Test
    void plainMapsAndListsInsideTheMessageAreEncoded() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", 1);
        JsonObject back = roundTrip(new JsonObject().put("m", inner).put("l", List.of("a")));
        assertThat(back.getJsonObject("m")).isEqualTo(new JsonObject().put("n", 1));
        assertThat(back.getJsonArray("l")).isEqualTo(new JsonArray().add("a"));
    }

    @Test
    void decodeRejectsNonStringKeys() {
        assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex("8101a161"), 0))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("key of msgpack type INTEGER");
        assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex("81a1618102a162"), 0))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("'a'");
    }

    @Test
    void decodeRejectsWhatIsNotOneMsgpackMap() {
        List<String> bad = List.of(
                "", // empty
                "9101", // an array
                "82a161", // truncated
                "80c0", // trailing bytes
                "81a161a2fffe", // invalid UTF-8
                "81a161d40100", // ext type
                "81a1618a" // map header promising more than there is
                );
        for (String hex : bad) {
            assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex(hex), 0))
                    .as(hex)
                    .isInstanceOf(WireFormatException.class);
        }
        assertThatThrownBy(() -> MsgpackCodec.decode(new byte[5], 12))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("shorter than its 12-byte random prefix");
    }

    @Test
    void decodeRejectsAMarkerThatIsNotChannelNames() {
        // {"type": "x", "__asgi_channel__": 7}
        String hex = "82a4" + hex("type") + "a178" + "b0" + hex("__asgi_channel__") + "07";
        assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex(hex), 0))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("Routing marker");
    }

    @Test
    void encodeRejectsValuesPythonCannotRead() {
        assertThatThrownBy(() ->
                        MsgpackCodec.encodeBody(new JsonObject().put("x", new JsonObject().put("o", new Object()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x.o'");
        Map<Object, Object> intKeys = new LinkedHashMap<>();
        intKeys.put(1, "a");
        assertThatThrownBy(() -> MsgpackCodec.encodeBody(new JsonObject().put("m", intKeys)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("string keys only");
        assertThatThrownBy(() -> MsgpackCodec.encodeBody(new JsonObject().put("big", BigInteger.TWO.pow(64))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside msgpack's range");
    }

    private static JsonObject roundTrip(JsonObject message) throws WireFormatException {
        return MsgpackCodec.decode(MsgpackCodec.plain(MsgpackCodec.encodeBody(message)), 0)
                .message();
    }

    /** The bytes of one value: a one-entry map {"v": value} minus its 3-byte head. */
    private static String valueHex(Object value) {
        byte[] plain = MsgpackCodec.plain(MsgpackCodec.encodeBody(new JsonObject().put("v", value)));
        return HEX.formatHex(Arrays.copyOfRange(plain, 3, plain.length));
    }

    private static String hex(String text) {
        return HEX.formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
