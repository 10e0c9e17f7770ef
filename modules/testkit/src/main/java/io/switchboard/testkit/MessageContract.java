// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a message carries: every JSON value type, bytes, 1 MB, and copies independent of the sender's object.
 * Part of {@link ChannelLayerContractTest}; extend that class, not this one.
 */
public abstract class MessageContract extends ChannelLayerContractFixture {

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private JsonObject roundTrip(JsonObject sent) {
        String ch = channel("content");
        Future<JsonObject> next = layer.receive(ch);
        await(layer.send(ch, sent));
        return await(next);
    }

    @Test
    void everyJsonValueTypeRoundTrips() {
        JsonObject sent = message("caf\u00e9 \u2713 \ud83d\ude00")
                .put("int", 42)
                .put("long", Long.MAX_VALUE)
                .put("negative", -7)
                .put("double", 3.25)
                .put("true", true)
                .put("false", false)
                .putNull("null")
                .put("object", new JsonObject().put("nested", new JsonObject().put("deep", "yes")))
                .put(
                        "array",
                        new JsonArray()
                                .add(1)
                                .add("two")
                                .add(new JsonArray().add(3))
                                .addNull())
                .put("emptyObject", new JsonObject())
                .put("emptyArray", new JsonArray());
        JsonObject got = roundTrip(sent);
        assertThat(got.getString("text")).isEqualTo("caf\u00e9 \u2713 \ud83d\ude00");
        assertThat(got.getLong("int")).isEqualTo(42);
        assertThat(got.getLong("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(got.getLong("negative")).isEqualTo(-7);
        assertThat(got.getDouble("double")).isEqualTo(3.25);
        assertThat(got.getBoolean("true")).isTrue();
        assertThat(got.getBoolean("false")).isFalse();
        assertThat(got.containsKey("null")).isTrue();
        assertThat(got.getValue("null")).isNull();
        assertThat(got.getJsonObject("object").getJsonObject("nested").getString("deep"))
                .isEqualTo("yes");
        assertThat(got.getJsonArray("array").encode()).isEqualTo("[1,\"two\",[3],null]");
        assertThat(got.getJsonObject("emptyObject").isEmpty()).isTrue();
        assertThat(got.getJsonArray("emptyArray").isEmpty()).isTrue();
    }

    @Test
    void binaryValuesRoundTripAsBytes() {
        byte[] bytes = allBytes();
        JsonObject sent = message("binary")
                .put("bytes", bytes)
                .put("buffer", Buffer.buffer(bytes))
                .put("nested", new JsonObject().put("bytes", bytes))
                .put("list", new JsonArray().add(bytes));
        JsonObject got = roundTrip(sent);
        assertThat(got.getBinary("bytes")).isEqualTo(bytes);
        assertThat(got.getBuffer("buffer").getBytes()).isEqualTo(bytes);
        assertThat(got.getJsonObject("nested").getBinary("bytes")).isEqualTo(bytes);
        assertThat(got.getJsonArray("list").getBinary(0)).isEqualTo(bytes);
    }

    @Test
    void aOneMegabyteMessageRoundTrips() {
        String megabyte = "0123456789abcdef".repeat(65_536);
        JsonObject got = roundTrip(message(megabyte));
        assertThat(got.getString("text")).hasSize(1 << 20).isEqualTo(megabyte);
    }

    @Test
    void aSentMessageMutatedAfterSendIsReceivedUnchanged() {
        requires(ContractProperty.RECEIVE_QUEUES_WITHOUT_SUBSCRIBER);
        String ch = channel("mutated");
        byte[] bytes = allBytes();
        JsonObject sent = message("original")
                .put("nested", new JsonObject().put("k", "v"))
                .put("list", new JsonArray().add(1))
                .put("bytes", bytes);
        await(layer.send(ch, sent));
        sent.put("text", "changed");
        sent.getJsonObject("nested").put("k", "changed");
        sent.getJsonArray("list").add(2);
        bytes[0] = 99;
        JsonObject got = await(layer.receive(ch));
        assertThat(got.getString("text")).isEqualTo("original");
        assertThat(got.getJsonObject("nested").getString("k")).isEqualTo("v");
        assertThat(got.getJsonArray("list").size()).isEqualTo(1);
        assertThat(got.getBinary("bytes")[0]).isEqualTo((byte) 0);
    }

    @Test
    void messagesFromOneGroupSendAreIndependentOfTheSendersObjectAndOfEachOther() {
        String g = group("copies");
        List<Future<JsonObject>> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String ch = channel("copy" + i);
            await(layer.groupAdd(g, ch));
            received.add(layer.receive(ch));
        }
        byte[] bytes = allBytes();
        JsonObject sent = message("original")
                .put("nested", new JsonObject().put("k", "v"))
                .put("bytes", bytes);
        await(layer.groupSend(g, sent));
        sent.put("text", "changed");
        sent.getJsonObject("nested").put("k", "changed");
        bytes[0] = 99;
        JsonObject first = await(received.get(0));
        JsonObject second = await(received.get(1));
        tryToChange(first);
        for (JsonObject got : List.of(first, second)) {
            assertThat(got.getString("text")).isEqualTo("original");
            assertThat(got.getBinary("bytes")[0]).isEqualTo((byte) 0);
        }
        assertThat(second.getJsonObject("nested").getString("k")).isEqualTo("v");
    }

    /** A handler may try to change what it received; a backend may refuse (read-only) or allow it (a copy). */
    private static void tryToChange(JsonObject received) {
        try {
            received.getJsonObject("nested").put("k", "changed by first");
        } catch (UnsupportedOperationException readOnly) {
            // read-only delivery: nothing could change
        }
        received.getBinary("bytes")[0] = 77;
    }
}
