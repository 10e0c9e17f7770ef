// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenJsonTest {

    private static JsonObject sample() {
        return new JsonObject()
                .put("type", "chat.message")
                .put("n", 1)
                .put("nested", new JsonObject().put("k", "v"))
                .put("list", new JsonArray().add(1).add(new JsonObject().put("in", "list")))
                .put("bytes", new byte[] {1, 2, 3})
                .put("buffer", Buffer.buffer("buf"))
                .put("chars", new StringBuilder("sb"));
    }

    @Test
    void aFrozenCopyEqualsTheOriginalAndEncodesTheSame() {
        // copy() turns the StringBuilder into a String, as freezing does
        JsonObject original = sample().copy();
        JsonObject frozen = FrozenJson.freeze(sample());
        assertThat(frozen).isEqualTo(original);
        assertThat(frozen.encode()).isEqualTo(original.encode());
        assertThat(frozen.getString("chars")).isEqualTo("sb");
    }

    @Test
    void aStampedCopyIsTheFrozenStampInOneCopy() {
        StreamPosition position = new StreamPosition(42, "epoch-1");
        JsonObject expected = FrozenJson.freeze(position.stamp("room", sample()));

        JsonObject stamped = FrozenJson.stamped(position, "room", sample());

        assertThat(stamped).isEqualTo(expected);
        assertThat(stamped.encode()).isEqualTo(expected.encode());
        assertThat(StreamPosition.of(stamped)).isEqualTo(position);
        assertThatThrownBy(() -> stamped.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stamped.getJsonObject(StreamPosition.KEY).put("offset", 43))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyLevelRefusesWrites() {
        JsonObject frozen = FrozenJson.freeze(sample());
        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("n")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.getMap().entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.fieldNames().remove("n")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.getJsonObject("nested").put("k", "w"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.getJsonArray("list").add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.getJsonArray("list").set(0, 2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.getJsonArray("list").getJsonObject(1).put("in", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bytesAndBuffersAreCopiedOnEveryRead() {
        JsonObject frozen = FrozenJson.freeze(sample());
        frozen.getBinary("bytes")[0] = 9;
        frozen.getBuffer("buffer").setByte(0, (byte) 'X');
        assertThat(frozen.getBinary("bytes")).containsExactly(1, 2, 3);
        assertThat(frozen.getBuffer("buffer").toString()).isEqualTo("buf");
    }

    @Test
    void theOriginalCanChangeWithoutAffectingTheFrozenCopy() {
        JsonObject original = sample();
        JsonObject frozen = FrozenJson.freeze(original);
        original.getJsonObject("nested").put("k", "changed");
        original.getBinary("bytes")[0] = 9;
        assertThat(frozen.getJsonObject("nested").getString("k")).isEqualTo("v");
        assertThat(frozen.getBinary("bytes")).containsExactly(1, 2, 3);
    }

    @Test
    void freezingAFrozenMessageReturnsItUnchanged() {
        JsonObject frozen = FrozenJson.freeze(sample());
        assertThat(FrozenJson.freeze(frozen)).isSameAs(frozen);
        JsonObject wrapper = new JsonObject().put("forwarded", frozen);
        assertThat(FrozenJson.freeze(wrapper).getJsonObject("forwarded").getMap())
                .isSameAs(frozen.getMap());
    }

    @Test
    void copyGivesAMutableMessageWithTheSameContent() {
        JsonObject frozen = FrozenJson.freeze(sample());
        JsonObject copy = frozen.copy();
        copy.put("x", 1).getJsonObject("nested").put("k", "w");
        assertThat(frozen.containsKey("x")).isFalse();
        assertThat(frozen.getJsonObject("nested").getString("k")).isEqualTo("v");
        assertThat(copy.getBinary("bytes")).containsExactly(1, 2, 3);
    }

    @Test
    void valuesThatAreNotJsonAreRefusedNamingTheType() {
        assertThatThrownBy(() -> FrozenJson.freeze(new JsonObject().put("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A message value of type java.lang.Object cannot be sent; use ");
        Map<Object, Object> badKeys = new HashMap<>();
        badKeys.put(1, "one");
        assertThatThrownBy(() -> FrozenJson.freeze(new JsonObject().put("map", badKeys)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A message key must be a string, was 1");
        assertThat(FrozenJson.freeze(new JsonObject().put("list", List.of("a")))
                        .getJsonArray("list")
                        .getString(0))
                .isEqualTo("a");
    }
}
