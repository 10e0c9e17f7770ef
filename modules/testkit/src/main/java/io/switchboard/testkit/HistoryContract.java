// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static io.switchboard.testkit.ContractProperty.GROUP_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history half of the contract: groups that keep a history number their messages, and a reader recovers
 * exactly what it missed, or is told why not. Part of {@link ChannelLayerContractTest}; extend that class, not this
 * one. Backends that keep no history declare {@link ContractProperty#GROUP_HISTORY} as a deviation.
 */
public abstract class HistoryContract extends GroupContract {

    /** The layer of a history test: groups named {@code g-hist...} keep their last 5 messages for 2 s. */
    private ChannelLayer historyLayer() {
        requires(GROUP_HISTORY);
        return newLayer(new ChannelLayerOptions().putGroupHistory("g-hist*", 5, 2));
    }

    private static StreamPosition positionOf(JsonObject message) {
        StreamPosition position = StreamPosition.of(message);
        assertThat(position).as("position of %s", message).isNotNull();
        return position;
    }

    private static List<String> texts(HistoryRead read) {
        assertThat(read).isInstanceOf(Recovered.class);
        return ((Recovered) read)
                .messages().stream().map(m -> m.getString("text")).toList();
    }

    @Test
    void messagesToAHistoryGroupCarryConsecutiveOffsetsOfOneEpoch() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        String member = channel("member");
        await(history.groupAdd(g, member));
        for (String text : List.of("a", "b", "c")) {
            await(history.groupSend(g, message(text)));
        }
        JsonObject first = await(history.receive(member));
        JsonObject second = await(history.receive(member));
        JsonObject third = await(history.receive(member));
        assertThat(List.of(first, second, third))
                .extracting(m -> m.getString("text"))
                .containsExactly("a", "b", "c");
        assertThat(positionOf(first).offset()).isEqualTo(1);
        assertThat(positionOf(second))
                .isEqualTo(new StreamPosition(2, positionOf(first).epoch()));
        assertThat(positionOf(third))
                .isEqualTo(new StreamPosition(3, positionOf(first).epoch()));
        assertThat(StreamPosition.groupOf(third)).isEqualTo(g);
        assertThat(first.getString("type")).isEqualTo("test.message");
    }

    @Test
    void aReaderRecoversExactlyTheMessagesAfterItsPosition() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        for (String text : List.of("a", "b", "c", "d")) {
            await(history.groupSend(g, message(text)));
        }
        StreamPosition top = await(history.groupHistory(g, null)).top();
        assertThat(top.offset()).isEqualTo(4);
        assertThat(await(history.groupHistory(g, null))).isEqualTo(new Recovered(List.of(), top));
        HistoryRead read = await(history.groupHistory(g, new StreamPosition(1, top.epoch())));
        assertThat(texts(read)).containsExactly("b", "c", "d");
        assertThat(read.top()).isEqualTo(top);
        assertThat(((Recovered) read).messages())
                .extracting(m -> positionOf(m).offset())
                .containsExactly(2L, 3L, 4L);
        assertThat(texts(await(history.groupHistory(g, top)))).isEmpty();
    }

    @Test
    void aPositionOfAnotherEpochPastTheEndOrOutOfTheHistoryIsNotRecovered() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        for (int i = 1; i <= 7; i++) {
            await(history.groupSend(g, message("m" + i)));
        }
        StreamPosition top = await(history.groupHistory(g, null)).top();
        assertThat(await(history.groupHistory(g, new StreamPosition(2, "another-epoch"))))
                .isInstanceOf(NotRecovered.class)
                .extracting(HistoryRead::top)
                .isEqualTo(top);
        assertThat(await(history.groupHistory(g, new StreamPosition(8, top.epoch()))))
                .isInstanceOf(NotRecovered.class);
        // Five are kept: 3-7; a reader at 2 missed only kept ones, a reader at 1 missed 2 as well
        assertThat(texts(await(history.groupHistory(g, new StreamPosition(2, top.epoch())))))
                .containsExactly("m3", "m4", "m5", "m6", "m7");
        assertThat(await(history.groupHistory(g, new StreamPosition(1, top.epoch()))))
                .isInstanceOf(NotRecovered.class);
    }

    @Test
    void historyMessagesExpireButTheGroupsPositionStays() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        await(history.groupSend(g, message("old")));
        StreamPosition top = await(history.groupHistory(g, null)).top();
        pause(2_500);
        assertThat(await(history.groupHistory(g, new StreamPosition(0, top.epoch()))))
                .isInstanceOf(NotRecovered.class);
        await(history.groupSend(g, message("new")));
        HistoryRead read = await(history.groupHistory(g, top));
        assertThat(texts(read)).containsExactly("new");
        assertThat(read.top()).isEqualTo(new StreamPosition(2, top.epoch()));
    }

    @Test
    void flushStartsEveryHistoryOnANewEpoch() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        await(history.groupSend(g, message("before")));
        StreamPosition before = await(history.groupHistory(g, null)).top();
        await(history.flush());
        assertThat(await(history.groupHistory(g, before))).isInstanceOf(NotRecovered.class);
        assertThat(await(history.groupHistory(g, null)).top().epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void groupsWithoutHistoryNumberNothingAndHaveNoHistoryToRead() {
        ChannelLayer history = historyLayer();
        String g = group("plain");
        String member = channel("member");
        await(history.groupAdd(g, member));
        await(history.groupSend(g, message("x")));
        assertThat(StreamPosition.of(await(history.receive(member)))).isNull();
        assertThat(awaitFailure(history.groupHistory(g, null)))
                .isInstanceOf(ChannelLayerException.class)
                .hasMessageContaining("'" + g + "' keeps no history");
    }

    @Test
    void sendAndGroupSendRefuseTheStreamKey() {
        JsonObject forged = message("x").put(StreamPosition.KEY, new JsonObject().put("offset", 1));
        assertThatThrownBy(() -> layer.groupSend(group("hist"), forged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved key '__stream__'");
        assertThatThrownBy(() -> layer.send(channel("c"), forged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved key '__stream__'");
    }

    @Test
    void keepHistoryMakesMatchingGroupsKeepOneFromNowOn() {
        requires(GROUP_HISTORY);
        String g = group("later");
        String member = channel("member");
        await(layer.groupAdd(g, member));
        await(layer.groupSend(g, message("before")));
        await(layer.keepHistory("g-later*", new HistoryPolicy(10, 60)));
        await(layer.groupSend(g, message("after")));
        assertThat(StreamPosition.of(await(layer.receive(member)))).isNull();
        JsonObject after = await(layer.receive(member));
        assertThat(positionOf(after).offset()).isEqualTo(1);
        assertThat(texts(await(layer.groupHistory(
                        g, new StreamPosition(0, positionOf(after).epoch())))))
                .containsExactly("after");
    }

    @Test
    void aKeyHeldInTheHistoryIsNotSentTwice() {
        ChannelLayer history = historyLayer();
        String g = group("hist");
        String member = channel("member");
        await(history.groupAdd(g, member));
        assertThat(await(history.groupSendOnce(g, "key-1", message("a")))).isTrue();
        assertThat(await(history.groupSendOnce(g, "key-1", message("a, again"))))
                .isFalse();
        assertThat(await(history.groupSendOnce(g, "key-2", message("b")))).isTrue();
        await(history.groupSend(g, message("c")));
        assertThat(List.of(
                        await(history.receive(member)), await(history.receive(member)), await(history.receive(member))))
                .extracting(m -> m.getString("text") + "@" + positionOf(m).offset())
                .containsExactly("a@1", "b@2", "c@3");
        // five are kept: once "a" falls out, its key may be sent again
        for (String text : List.of("d", "e", "f")) {
            await(history.groupSend(g, message(text)));
        }
        assertThat(await(history.groupSendOnce(g, "key-2", message("b, again"))))
                .isFalse();
        assertThat(await(history.groupSendOnce(g, "key-1", message("a, later"))))
                .isTrue();
        StreamPosition top = await(history.groupHistory(g, null)).top();
        assertThat(texts(await(history.groupHistory(g, new StreamPosition(2, top.epoch())))))
                .containsExactly("c", "d", "e", "f", "a, later");
    }

    @Test
    void aGroupWithoutHistoryRemembersNoKey() {
        String g = group("plain");
        String member = channel("member");
        await(layer.groupAdd(g, member));
        assertThat(await(layer.groupSendOnce(g, "key-1", message("a")))).isTrue();
        assertThat(await(layer.groupSendOnce(g, "key-1", message("a, again")))).isTrue();
        assertThat(List.of(await(layer.receive(member)), await(layer.receive(member))))
                .extracting(m -> m.getString("text"))
                .containsExactly("a", "a, again");
        assertThatThrownBy(() -> layer.groupSendOnce(g, "no spaces", message("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid message key 'no spaces'");
    }
}
