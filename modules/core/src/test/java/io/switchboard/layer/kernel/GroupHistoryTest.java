// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupHistoryTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final GroupHistory history = new GroupHistory("e1", 3, 10 * SECOND, 0);

    private JsonObject append(String text, long now) {
        return history.append(p -> new JsonObject().put("text", text).put("offset", p.offset()), now);
    }

    private static List<String> texts(HistoryRead read) {
        assertThat(read).isInstanceOf(Recovered.class);
        return ((Recovered) read)
                .messages().stream().map(m -> m.getString("text")).toList();
    }

    @Test
    void offsetsCountFromOneAndTheStampedMessageIsKept() {
        assertThat(history.top()).isEqualTo(new StreamPosition(0, "e1"));
        assertThat(append("a", 0).getLong("offset")).isEqualTo(1);
        assertThat(append("b", 0).getLong("offset")).isEqualTo(2);
        assertThat(history.top()).isEqualTo(new StreamPosition(2, "e1"));
        HistoryRead read = history.since(new StreamPosition(0, "e1"), 0);
        assertThat(texts(read)).containsExactly("a", "b");
        assertThat(((Recovered) read).top()).isEqualTo(new StreamPosition(2, "e1"));
    }

    @Test
    void aReaderThatSawTheLastMessageMissedNothing() {
        append("a", 0);
        assertThat(texts(history.since(new StreamPosition(1, "e1"), 0))).isEmpty();
        assertThat(texts(new GroupHistory("e2", 3, SECOND, 0).since(new StreamPosition(0, "e2"), 0)))
                .isEmpty();
    }

    @Test
    void theSizeBoundDropsTheOldestAndAnOffsetBeforeTheKeptOnesIsNotRecovered() {
        for (String text : List.of("a", "b", "c", "d", "e")) {
            append(text, 0);
        }
        assertThat(texts(history.since(new StreamPosition(2, "e1"), 0))).containsExactly("c", "d", "e");
        assertThat(texts(history.since(new StreamPosition(4, "e1"), 0))).containsExactly("e");
        assertThat(history.since(new StreamPosition(1, "e1"), 0))
                .isEqualTo(new NotRecovered("offset 1 fell out of the history", new StreamPosition(5, "e1")));
        assertThat(history.held()).isEqualTo(3);
    }

    @Test
    void expiredMessagesAreDroppedButTheLastPositionStays() {
        append("a", 0);
        append("b", 5 * SECOND);
        assertThat(texts(history.since(new StreamPosition(1, "e1"), 11 * SECOND)))
                .containsExactly("b");
        assertThat(history.since(new StreamPosition(0, "e1"), 11 * SECOND)).isInstanceOf(NotRecovered.class);
        assertThat(history.dropExpired(16 * SECOND)).isTrue();
        assertThat(history.isIdle(24 * SECOND)).isFalse();
        assertThat(texts(history.since(new StreamPosition(2, "e1"), 16 * SECOND)))
                .isEmpty();
        assertThat(history.since(new StreamPosition(1, "e1"), 16 * SECOND)).isInstanceOf(NotRecovered.class);
        assertThat(append("c", 17 * SECOND).getLong("offset")).isEqualTo(3);
        assertThat(history.isIdle(36 * SECOND)).isFalse();
        assertThat(history.isIdle(37 * SECOND)).isTrue();
    }

    @Test
    void anotherEpochOrAnOffsetPastTheEndIsNotRecovered() {
        append("a", 0);
        assertThat(history.since(new StreamPosition(0, "e0"), 0))
                .isEqualTo(new NotRecovered("the history's epoch changed", new StreamPosition(1, "e1")));
        assertThat(history.since(new StreamPosition(7, "e1"), 0))
                .isEqualTo(new NotRecovered("offset 7 lies past the last, 1", new StreamPosition(1, "e1")));
    }

    @Test
    void offsetsWrapTheRingInOrder() {
        for (int i = 1; i <= 100; i++) {
            append("m" + i, i);
        }
        assertThat(texts(history.since(new StreamPosition(97, "e1"), 100))).containsExactly("m98", "m99", "m100");
    }

    @Test
    void badBoundsAndPositionsAreRefused() {
        assertThatThrownBy(() -> new GroupHistory("e", 0, SECOND, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamPosition(-1, "e")).hasMessage("A stream offset is 0 or more, was -1");
    }

    @Test
    void aSerializedHistoryReadsBackWithItsPositionAndFrozenMessages() throws Exception {
        append("a", 0);
        append("b", SECOND);
        GroupHistory copy = serializedCopy(history);
        assertThat(copy.top()).isEqualTo(new StreamPosition(2, "e1"));
        HistoryRead read = copy.since(new StreamPosition(0, "e1"), SECOND);
        assertThat(texts(read)).containsExactly("a", "b");
        assertThatThrownBy(() -> ((Recovered) read).messages().get(0).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        // the times came along: "a" expires first
        assertThat(texts(copy.since(new StreamPosition(1, "e1"), 10 * SECOND + 1)))
                .containsExactly("b");
    }

    private JsonObject appendKeyed(String key, String text, long now) {
        return history.append(key, p -> new JsonObject().put("text", text).put("offset", p.offset()), now);
    }

    @Test
    void aKeyIsRefusedWhileItsMessageIsHeldAndFreeOnceItIsGone() {
        assertThat(appendKeyed("k1", "a", 0)).isNotNull();
        assertThat(appendKeyed("k1", "a again", 0)).isNull();
        assertThat(history.top().offset())
                .as("a refused message takes no offset")
                .isEqualTo(1);
        // unkeyed messages and other keys go through
        assertThat(append("b", 0)).isNotNull();
        assertThat(appendKeyed("k2", "c", 0)).isNotNull();
        // "a" falls out by size (3): its key is free again, and k2's is still held
        append("d", 0);
        assertThat(appendKeyed("k2", "c again", 0)).isNull();
        assertThat(appendKeyed("k1", "a later", 0).getLong("offset")).isEqualTo(5);
        // and by age: everything expires, every key is free
        assertThat(appendKeyed("k2", "c later", 10 * SECOND + 1)).isNull();
        assertThat(history.dropExpired(30 * SECOND)).isTrue();
        assertThat(appendKeyed("k2", "c at last", 30 * SECOND)).isNotNull();
    }

    @Test
    void keysComeAlongWithASerializedHistory() throws Exception {
        appendKeyed("k1", "a", 0);
        append("b", 0);
        appendKeyed("k3", "c", 0);
        GroupHistory copy = serializedCopy(history);
        assertThat(copy.append("k1", p -> new JsonObject(), 0)).isNull();
        assertThat(copy.append("k3", p -> new JsonObject(), 0)).isNull();
        assertThat(copy.top()).isEqualTo(new StreamPosition(3, "e1"));
        // "a" falls out of the copy by size, and with it k1
        copy.append(p -> new JsonObject(), 0);
        assertThat(copy.append("k1", p -> new JsonObject(), 0)).isNotNull();
    }

    /** What a cluster member that receives the history reads back. */
    private static GroupHistory serializedCopy(GroupHistory history) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(history);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (GroupHistory) in.readObject();
        }
    }
}
