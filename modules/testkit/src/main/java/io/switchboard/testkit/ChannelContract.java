// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static io.switchboard.testkit.ContractProperty.CAPACITY;
import static io.switchboard.testkit.ContractProperty.CHANNEL_CAPACITY;
import static io.switchboard.testkit.ContractProperty.EXPIRY;
import static io.switchboard.testkit.ContractProperty.PROCESS_SPECIFIC_NAMES;
import static io.switchboard.testkit.ContractProperty.RECEIVE_QUEUES_WITHOUT_SUBSCRIBER;
import static io.switchboard.testkit.ContractProperty.STATS;
import static io.switchboard.testkit.ContractProperty.WAITER_ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The channel half of the contract: names, send and receive, capacity and expiry. Part of
 * {@link ChannelLayerContractTest}; extend that class, not this one.
 */
public abstract class ChannelContract extends MessageContract {

    /** Channel names every backend must refuse. */
    protected static final List<String> INVALID_CHANNELS = Arrays.asList(
            null, "", "has space", "tab\tin", "caf\u00e9", "a".repeat(100), "!local", "a!b!c", "slash/no");
    /** Group names every backend must refuse. */
    protected static final List<String> INVALID_GROUPS =
            Arrays.asList(null, "", "has space", "caf\u00e9", "g".repeat(100), "a!b", "colon:no");

    /**
     * The error every backend gives for an invalid channel name (written once in {@link ChannelNames}).
     *
     * @param name the refused name
     * @return the exact message
     */
    protected static String invalidChannelMessage(String name) {
        return "Invalid channel name " + (name == null ? "null" : "'" + name + "'")
                + ": use 1-99 ASCII letters, digits, '-', '_' or '.', with at most one '!' after a non-empty part";
    }

    /**
     * The error every backend gives for an invalid group name.
     *
     * @param name the refused name
     * @return the exact message
     */
    protected static String invalidGroupMessage(String name) {
        return "Invalid group name " + (name == null ? "null" : "'" + name + "'")
                + ": use 1-99 ASCII letters, digits, '-', '_' or '.'";
    }

    @Test
    void sendRejectsInvalidChannelNamesAtOnce() {
        for (String name : INVALID_CHANNELS) {
            assertThatThrownBy(() -> layer.send(name, message("x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidChannelMessage(name));
        }
    }

    @Test
    void receiveRejectsInvalidChannelNamesAtOnce() {
        for (String name : INVALID_CHANNELS) {
            assertThatThrownBy(() -> layer.receive(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidChannelMessage(name));
        }
    }

    @Test
    void subscribeRejectsInvalidChannelNamesAtOnce() {
        for (String name : INVALID_CHANNELS) {
            assertThatThrownBy(() -> layer.subscribe(name, m -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidChannelMessage(name));
        }
    }

    @Test
    void newChannelRejectsAnInvalidPrefixAtOnce() {
        for (String prefix : Arrays.asList("has space", "a!b", "", "caf\u00e9")) {
            assertThatThrownBy(() -> layer.newChannel(prefix))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid channel prefix '" + prefix + "': use ");
        }
        assertThatThrownBy(() -> layer.newChannel(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid channel prefix null: use ");
    }

    @Test
    void namesAtTheLimitsAreAccepted() {
        for (String name : List.of("a".repeat(99), "proc!", "Az09-_.x", channel("p") + "!local-1")) {
            await(layer.send(name, message(name)));
        }
        await(layer.groupAdd("g".repeat(99), "a".repeat(99)));
        await(layer.groupDiscard("g".repeat(99), "a".repeat(99)));
    }

    @Test
    void sendRejectsTheReservedKey() {
        JsonObject bad = message("x").put(ChannelLayer.RESERVED_KEY, "specific.abc!");
        assertThatThrownBy(() -> layer.send(channel("reserved"), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + ChannelLayer.RESERVED_KEY + "'");
    }

    @Test
    void sendRejectsANullMessage() {
        assertThatThrownBy(() -> layer.send(channel("null"), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("message");
    }

    @Test
    void sendThenReceiveReturnsTheMessage() {
        requires(RECEIVE_QUEUES_WITHOUT_SUBSCRIBER);
        String ch = channel("roundtrip");
        await(layer.send(ch, message("hello").put("n", 42)));
        JsonObject got = await(layer.receive(ch));
        assertThat(got.getString("type")).isEqualTo("test.message");
        assertThat(got.getString("text")).isEqualTo("hello");
        assertThat(got.getInteger("n")).isEqualTo(42);
    }

    @Test
    void receiveWaitsForALaterSend() {
        String ch = channel("later");
        Future<JsonObject> next = layer.receive(ch);
        assertThat(next.isComplete()).isFalse();
        await(layer.send(ch, message("late")));
        assertThat(await(next).getString("text")).isEqualTo("late");
    }

    @Test
    void receiveCompletesOnTheCallersContext() {
        String ch = channel("ctx");
        Context caller = vertx.getOrCreateContext();
        Promise<Void> waiting = Promise.promise();
        Promise<Context> completedOn = Promise.promise();
        caller.runOnContext(v -> {
            layer.receive(ch).onComplete(ar -> completedOn.complete(Vertx.currentContext()));
            waiting.complete();
        });
        await(waiting.future());
        await(layer.send(ch, message("ctx")));
        assertThat(await(completedOn.future())).isSameAs(caller);
    }

    @Test
    void receiveReturnsMessagesInTheOrderTheyWereSent() {
        requires(RECEIVE_QUEUES_WITHOUT_SUBSCRIBER);
        String ch = channel("fifo");
        for (int i = 0; i < 10; i++) {
            await(layer.send(ch, message("m" + i)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(await(layer.receive(ch)).getString("text")).isEqualTo("m" + i);
        }
    }

    @Test
    void severalWaitersGetDifferentMessages() {
        String ch = channel("waiters");
        List<Future<JsonObject>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(layer.receive(ch));
        }
        for (int i = 0; i < 3; i++) {
            await(layer.send(ch, message("w" + i)));
        }
        Set<String> texts =
                waiting.stream().map(f -> await(f).getString("text")).collect(Collectors.toSet());
        assertThat(texts).containsExactlyInAnyOrder("w0", "w1", "w2");
    }

    @Test
    void waitersAreServedInTheOrderTheyCalledReceive() {
        requires(WAITER_ORDER);
        String ch = channel("waitorder");
        Future<JsonObject> first = layer.receive(ch);
        Future<JsonObject> second = layer.receive(ch);
        await(layer.send(ch, message("one")));
        await(layer.send(ch, message("two")));
        assertThat(await(first).getString("text")).isEqualTo("one");
        assertThat(await(second).getString("text")).isEqualTo("two");
    }

    @Test
    void newChannelNamesAreValidUniqueAndUseThePrefix() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(await(layer.newChannel()));
        }
        assertThat(names).hasSize(1000).allSatisfy(name -> {
            assertThat(ChannelNames.isValidChannel(name)).as(name).isTrue();
            assertThat(name).contains("specific");
        });
        assertThat(await(layer.newChannel("worker-1"))).contains("worker-1");
    }

    @Test
    void newChannelNamesAreProcessSpecific() {
        requires(PROCESS_SPECIFIC_NAMES);
        String name = await(layer.newChannel());
        assertThat(ChannelNames.isProcessSpecific(name)).as(name).isTrue();
    }

    @Test
    void aNewChannelCanBeReceivedOn() {
        String ch = await(layer.newChannel());
        Future<JsonObject> next = layer.receive(ch);
        await(layer.send(ch, message("to new channel")));
        assertThat(await(next).getString("text")).isEqualTo("to new channel");
    }

    @Test
    void sendFailsWithChannelFullAtCapacity() {
        requires(CAPACITY);
        ChannelLayer small = newLayer(new ChannelLayerOptions().setCapacity(3));
        String ch = channel("full");
        for (int i = 0; i < 3; i++) {
            await(small.send(ch, message("m" + i)));
        }
        Throwable failure = awaitFailure(small.send(ch, message("over")));
        assertThat(failure).isInstanceOf(ChannelFullException.class).hasMessageContaining("'" + ch + "'");
        assertThat(((ChannelFullException) failure).channel()).isEqualTo(ch);
        assertThat(await(small.receive(ch)).getString("text")).isEqualTo("m0");
        await(small.send(ch, message("fits again")));
    }

    @Test
    void channelCapacityOverrideAppliesToMatchingChannelsOnly() {
        requires(CAPACITY, CHANNEL_CAPACITY);
        ChannelLayer layered = newLayer(new ChannelLayerOptions().setCapacity(3).putChannelCapacity("tiny-*", 1));
        String tiny = channel("tiny");
        String roomy = channel("roomy");
        await(layered.send(tiny, message("only")));
        assertThat(awaitFailure(layered.send(tiny, message("over")))).isInstanceOf(ChannelFullException.class);
        for (int i = 0; i < 3; i++) {
            await(layered.send(roomy, message("r" + i)));
        }
        assertThat(awaitFailure(layered.send(roomy, message("over")))).isInstanceOf(ChannelFullException.class);
    }

    @Test
    void unreadMessagesExpire() {
        requires(EXPIRY);
        ChannelLayer expiring = newLayer(new ChannelLayerOptions().setExpirySeconds(1));
        String ch = channel("expire");
        await(expiring.send(ch, message("old")));
        pause(1500);
        await(expiring.send(ch, message("new")));
        assertThat(await(expiring.receive(ch)).getString("text")).isEqualTo("new");
    }

    @Test
    void expiredMessagesAreCounted() {
        requires(EXPIRY, STATS);
        ChannelLayer expiring = newLayer(new ChannelLayerOptions().setExpirySeconds(1));
        String ch = channel("expirecount");
        await(expiring.send(ch, message("old")));
        pause(1500);
        await(expiring.send(ch, message("new")));
        await(expiring.receive(ch));
        assertThat(expiring.stats().droppedExpired()).isEqualTo(1);
    }
}
