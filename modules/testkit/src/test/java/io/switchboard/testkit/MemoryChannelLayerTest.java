// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.LayerStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The memory layer meets the whole contract; each instance is a process of its own. Plus what is particular to it. */
class MemoryChannelLayerTest extends ChannelLayerContractTest {

    @Override
    protected Future<ChannelLayer> createLayer(Vertx vertx, ChannelLayerOptions options) {
        return Future.succeededFuture(ChannelLayer.memory(vertx, options));
    }

    @Override
    protected Optional<String> deviation(ContractProperty property) {
        return property == ContractProperty.SHARED_PRESENCE
                ? Optional.of("each memory layer is one process of its own: it shares nothing")
                : Optional.empty();
    }

    @Test
    void newChannelNamesFollowTheInMemoryFormat() {
        assertThat(await(layer.newChannel())).matches("specific\\.inmemory![a-zA-Z]{12}");
        assertThat(await(layer.newChannel("p".repeat(77)))).hasSize(99);
        assertThatThrownBy(() -> layer.newChannel("p".repeat(78)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid channel prefix '" + "p".repeat(78)
                        + "': use 1-77 ASCII letters, digits, '-', '_' or '.'");
    }

    @Test
    void deliveredMessagesAreReadOnlyAndCopyGivesAMutableOne() {
        String ch = channel("readonly");
        Future<JsonObject> next = layer.receive(ch);
        await(layer.send(
                ch,
                message("frozen").put("nested", new JsonObject().put("k", "v")).put("list", new JsonArray().add(1))));
        JsonObject got = await(next);
        assertThatThrownBy(() -> got.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.getJsonObject("nested").put("k", "w"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.getJsonArray("list").add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.remove("text")).isInstanceOf(UnsupportedOperationException.class);
        JsonObject mutable = got.copy().put("x", 1);
        mutable.getJsonObject("nested").put("k", "w");
        assertThat(got.getJsonObject("nested").getString("k")).isEqualTo("v");
        assertThat(got.encode())
                .isEqualTo("{\"type\":\"test.message\",\"text\":\"frozen\",\"nested\":{\"k\":\"v\"},\"list\":[1]}");
    }

    @Test
    void theSweepDropsAbandonedMessagesAndMemberships() {
        ChannelLayer swept =
                newLayer(new ChannelLayerOptions().setExpirySeconds(1).setGroupExpirySeconds(1));
        await(swept.send(channel("abandoned"), message("never read")));
        await(swept.groupAdd(group("abandoned"), channel("gone")));
        assertThat(swept.stats().channels()).isEqualTo(1);
        pause(1600);
        LayerStats after = swept.stats();
        assertThat(after.channels()).isZero();
        assertThat(after.groups()).isZero();
        assertThat(after.memberships()).isZero();
        assertThat(after.droppedExpired()).isEqualTo(1);
    }

    @Test
    void sendersOnSeveralEventLoopsLoseNothingAndKeepEachSendersOrder() {
        ChannelLayer big = newLayer(new ChannelLayerOptions().setCapacity(10_000));
        String ch = channel("busy");
        Map<Integer, List<Integer>> bySender = new ConcurrentHashMap<>();
        Promise<Void> all = Promise.promise();
        int senders = 4;
        int each = 500;
        await(big.subscribe(ch, m -> {
            bySender.computeIfAbsent(m.getInteger("sender"), k -> new ArrayList<>())
                    .add(m.getInteger("n"));
            if (bySender.values().stream().mapToInt(List::size).sum() == senders * each) {
                all.complete();
            }
        }));
        for (int s = 0; s < senders; s++) {
            int sender = s;
            vertx.getOrCreateContext().runOnContext(v -> {
                for (int n = 0; n < each; n++) {
                    big.send(ch, message("load").put("sender", sender).put("n", n));
                }
            });
        }
        await(all.future());
        assertThat(bySender).hasSize(senders);
        bySender.values().forEach(ns -> assertThat(ns).isSorted().hasSize(each));
    }

    @Test
    void concurrentGroupChangesLeaveConsistentMemberships() {
        String g = group("racy");
        List<Future<Void>> done = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            Promise<Void> finished = Promise.promise();
            done.add(finished.future());
            vertx.getOrCreateContext().runOnContext(v -> {
                for (int i = 0; i < 200; i++) {
                    String ch = channel("c" + sender + "-" + i);
                    layer.groupAdd(g, ch);
                    if (i % 2 == 0) {
                        layer.groupDiscard(g, ch);
                    }
                }
                finished.complete();
            });
        }
        await(Future.all(done));
        assertThat(layer.stats().memberships()).isEqualTo(400);
        await(layer.groupSend(g, message("to the odd ones")));
        assertThat(layer.stats().channels()).isEqualTo(400);
        assertThat(await(layer.receive(channel("c3-199"))).getString("text")).isEqualTo("to the odd ones");
        assertNothingElseQueued(layer, channel("c3-198"));
    }

    @Test
    void aFailingHandlerIsReportedAndDeliveryGoesOn() {
        String ch = channel("throws");
        Context context = vertx.getOrCreateContext();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        context.exceptionHandler(reported::add);
        Promise<JsonObject> second = Promise.promise();
        Promise<Void> subscribed = Promise.promise();
        context.runOnContext(v -> layer.subscribe(ch, m -> {
                    if (m.getString("text").equals("bad")) {
                        throw new IllegalStateException("handler failed");
                    }
                    second.complete(m);
                })
                .<Void>mapEmpty()
                .onComplete(subscribed));
        await(subscribed.future());
        await(layer.send(ch, message("bad")));
        await(layer.send(ch, message("good")));
        assertThat(await(second.future()).getString("text")).isEqualTo("good");
        assertThat(reported).singleElement().satisfies(t -> assertThat(t).hasMessage("handler failed"));
    }
}
