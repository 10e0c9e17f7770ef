// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static io.switchboard.testkit.ContractProperty.CAPACITY;
import static io.switchboard.testkit.ContractProperty.CAPACITY_AT_CALL;
import static io.switchboard.testkit.ContractProperty.RECEIVE_QUEUES_WITHOUT_SUBSCRIBER;
import static io.switchboard.testkit.ContractProperty.STATS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.Subscription;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The channel-layer contract ({@code docs/channel-layer.md} and the {@link ChannelLayer} javadoc) as
 * tests. Every backend extends this class and supplies {@link #createLayer}; it passes the whole suite, or
 * declares with {@link #deviation} each {@link ContractProperty} it cannot meet and why. The tests of a deviated
 * property abort with {@code "deviation: <reason>"}, so the report lists them as skipped with that reason.
 *
 * <p>Each test gets a fresh layer ({@link #layer}), plus any made with {@link #newLayer}; all are flushed and
 * closed after it. Channel and group names carry a per-test suffix, so backends that share state between layer
 * instances (Redis) do not mix tests. Expiry tests use 1-2 s settings and wait with Vert.x timers.
 *
 * <pre>{@code
 * class RedisChannelLayerIT extends ChannelLayerContractTest {
 *     protected Future<ChannelLayer> createLayer(Vertx vertx, ChannelLayerOptions options) {
 *         return RedisChannelLayer.create(vertx, redisOptions, options);
 *     }
 * }
 * }</pre>
 *
 * <p>The suite is split by subject: {@link MessageContract} (message contents), {@link ChannelContract} (names,
 * send and receive, capacity, expiry), {@link GroupContract} (groups), {@link HistoryContract} (group histories and
 * recovery), {@link PresenceContract} (who is in a group); this class adds subscriptions, flush and stats.
 */
public abstract class ChannelLayerContractTest extends PresenceContract {

    @Test
    void everyDeclaredDeviationGivesAReason() {
        for (ContractProperty property : ContractProperty.values()) {
            deviation(property)
                    .ifPresent(reason -> assertThat(reason)
                            .as("deviation reason of %s", property)
                            .isNotBlank());
        }
    }

    @Test
    void subscribeDeliversInOrderOnTheSubscribersContext(VertxTestContext ctx) {
        String ch = channel("ordered");
        Context subscriber = vertx.getOrCreateContext();
        Context sender = vertx.getOrCreateContext();
        List<Integer> seen = new ArrayList<>();
        subscriber.runOnContext(v -> layer.subscribe(
                        ch,
                        m -> ctx.verify(() -> {
                            assertThat(Vertx.currentContext()).isSameAs(subscriber);
                            seen.add(m.getInteger("n"));
                            if (seen.size() == 20) {
                                assertThat(seen)
                                        .containsExactlyElementsOf(
                                                IntStream.range(0, 20).boxed().toList());
                                ctx.completeNow();
                            }
                        }))
                .onComplete(ctx.succeeding(sub -> sender.runOnContext(x -> {
                    for (int i = 0; i < 20; i++) {
                        layer.send(ch, message("n").put("n", i)).onFailure(ctx::failNow);
                    }
                }))));
    }

    @Test
    void subscribeOnAWorkerContextDeliversThereOneAtATime(VertxTestContext ctx) {
        String ch = channel("worker");
        AtomicInteger active = new AtomicInteger();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        VerticleBase worker = new VerticleBase() {
            @Override
            public Future<?> start() {
                Context mine = context;
                return layer.subscribe(
                        ch,
                        m -> ctx.verify(() -> {
                            assertThat(active.incrementAndGet()).isEqualTo(1);
                            assertThat(Context.isOnWorkerThread()).isTrue();
                            assertThat(Vertx.currentContext()).isSameAs(mine);
                            seen.add(m.getInteger("n"));
                            active.decrementAndGet();
                            if (seen.size() == 50) {
                                assertThat(seen)
                                        .containsExactlyElementsOf(
                                                IntStream.range(0, 50).boxed().toList());
                                ctx.completeNow();
                            }
                        }));
            }
        };
        vertx.deployVerticle(worker, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .onComplete(ctx.succeeding(id -> {
                    for (int i = 0; i < 50; i++) {
                        layer.send(ch, message("n").put("n", i)).onFailure(ctx::failNow);
                    }
                }));
    }

    @Test
    void subscribeDeliversQueuedMessagesFirst() {
        requires(RECEIVE_QUEUES_WITHOUT_SUBSCRIBER);
        String ch = channel("queued");
        for (int i = 0; i < 3; i++) {
            await(layer.send(ch, message("queued" + i)));
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        Promise<Void> five = Promise.promise();
        await(layer.subscribe(ch, m -> {
            seen.add(m.getString("text"));
            if (seen.size() == 5) {
                five.complete();
            }
        }));
        await(layer.send(ch, message("live0")));
        await(layer.send(ch, message("live1")));
        await(five.future());
        assertThat(seen).containsExactly("queued0", "queued1", "queued2", "live0", "live1");
    }

    @Test
    void aSecondSubscriberOnTheSameChannelFails() {
        String ch = channel("twosubs");
        await(layer.subscribe(ch, m -> {}));
        assertThat(awaitFailure(layer.subscribe(ch, m -> {})))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + ch + "'");
    }

    @Test
    void receiveOnASubscribedChannelFails() {
        String ch = channel("subrecv");
        await(layer.subscribe(ch, m -> {}));
        assertThat(awaitFailure(layer.receive(ch)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + ch + "'");
    }

    @Test
    void aMessageBeingHandledCountsAgainstCapacity() {
        requires(CAPACITY);
        requires(CAPACITY_AT_CALL);
        ChannelLayer small = newLayer(new ChannelLayerOptions().setCapacity(2));
        String ch = channel("inflight");
        Promise<List<Future<Void>>> sentWhileHandling = Promise.promise();
        await(small.subscribe(ch, m -> {
            if (m.getString("text").equals("first")) {
                sentWhileHandling.complete(List.of(small.send(ch, message("fits")), small.send(ch, message("over"))));
            }
        }));
        await(small.send(ch, message("first")));
        List<Future<Void>> sends = await(sentWhileHandling.future());
        await(sends.get(0));
        assertThat(awaitFailure(sends.get(1))).isInstanceOf(ChannelFullException.class);
    }

    @Test
    void cancelStopsDelivery() {
        String ch = channel("cancel");
        List<String> old = new CopyOnWriteArrayList<>();
        Promise<Void> first = Promise.promise();
        Subscription sub = await(layer.subscribe(ch, m -> {
            old.add(m.getString("text"));
            first.tryComplete();
        }));
        await(layer.send(ch, message("one")));
        await(first.future());
        await(sub.cancel());
        Promise<Void> third = Promise.promise();
        await(layer.subscribe(ch, m -> {
            if (m.getString("text").equals("three")) {
                third.complete();
            }
        }));
        await(layer.send(ch, message("two")));
        await(layer.send(ch, message("three")));
        await(third.future());
        assertThat(old).containsExactly("one");
    }

    @Test
    void cancelEndsTheChannelsGroupMemberships() {
        String ch = channel("leaver");
        Subscription sub = await(layer.subscribe(ch, m -> {}));
        await(layer.groupAdd(group("one"), ch));
        await(layer.groupAdd(group("two"), ch));
        await(sub.cancel());
        List<String> seen = new CopyOnWriteArrayList<>();
        Promise<Void> marker = Promise.promise();
        await(layer.subscribe(ch, m -> {
            seen.add(m.getString("text"));
            if (m.getString("text").equals("marker")) {
                marker.complete();
            }
        }));
        await(layer.groupSend(group("one"), message("group one")));
        await(layer.groupSend(group("two"), message("group two")));
        await(layer.send(ch, message("marker")));
        await(marker.future());
        assertThat(seen).containsExactly("marker");
    }

    @Test
    void cancelLeavesNothingBehindInTheStats() {
        requires(STATS);
        String ch = channel("counted");
        Subscription sub = await(layer.subscribe(ch, m -> {}));
        await(layer.groupAdd(group("one"), ch));
        await(layer.groupAdd(group("two"), ch));
        LayerStats during = layer.stats();
        assertThat(during.subscriptions()).isEqualTo(1);
        assertThat(during.memberships()).isEqualTo(2);
        assertThat(during.groups()).isEqualTo(2);
        await(sub.cancel());
        LayerStats after = layer.stats();
        assertThat(after.subscriptions()).isZero();
        assertThat(after.memberships()).isZero();
        assertThat(after.groups()).isZero();
        assertThat(after.channels()).isZero();
    }

    @Test
    void cancellingTwiceIsHarmless() {
        String ch = channel("twice");
        Subscription sub = await(layer.subscribe(ch, m -> {}));
        await(sub.cancel());
        await(sub.cancel());
        assertThat(sub.channel()).isEqualTo(ch);
        Promise<JsonObject> next = Promise.promise();
        await(layer.subscribe(ch, next::tryComplete));
        await(layer.send(ch, message("again")));
        assertThat(await(next.future()).getString("text")).isEqualTo("again");
    }

    @Test
    void flushKeepsSubscriptions() {
        String ch = channel("kept");
        Promise<JsonObject> next = Promise.promise();
        await(layer.subscribe(ch, next::tryComplete));
        await(layer.flush());
        await(layer.send(ch, message("after flush")));
        assertThat(await(next.future()).getString("text")).isEqualTo("after flush");
    }

    @Test
    void flushEmptiesChannelsAndGroups() {
        requires(RECEIVE_QUEUES_WITHOUT_SUBSCRIBER);
        String queued = channel("queued");
        String member = channel("member");
        String g = group("flushed");
        await(layer.send(queued, message("before flush")));
        await(layer.groupAdd(g, member));
        await(layer.flush());
        await(layer.groupSend(g, message("to nobody")));
        assertNothingElseQueued(layer, queued);
        assertNothingElseQueued(layer, member);
    }

    @Test
    void statsCountGroupsMembershipsAndSubscriptions() {
        requires(STATS);
        await(layer.groupAdd(group("a"), channel("x")));
        await(layer.groupAdd(group("a"), channel("y")));
        await(layer.groupAdd(group("b"), channel("x")));
        await(layer.subscribe(channel("z"), m -> {}));
        LayerStats stats = layer.stats();
        assertThat(stats.groups()).isEqualTo(2);
        assertThat(stats.memberships()).isEqualTo(3);
        assertThat(stats.subscriptions()).isEqualTo(1);
        assertThat(stats.channels()).isEqualTo(1);
        await(layer.flush());
        LayerStats flushed = layer.stats();
        assertThat(flushed.groups()).isZero();
        assertThat(flushed.memberships()).isZero();
        assertThat(flushed.subscriptions()).isEqualTo(1);
    }

    @Test
    void closeFailsWaitingReceivesAndLaterCalls() {
        ChannelLayer closing = newLayer(new ChannelLayerOptions());
        Future<JsonObject> waiting = closing.receive(channel("waiting"));
        await(closing.subscribe(channel("subscribed"), m -> {}));
        await(closeNow(closing));
        assertThat(awaitFailure(waiting))
                .isInstanceOf(ChannelLayerException.class)
                .hasMessageContaining("'" + channel("waiting") + "'");
        if (deviation(STATS).isEmpty()) {
            assertThat(closing.stats().subscriptions()).isZero();
        }
        assertThat(awaitFailure(closing.send(channel("late"), message("late"))))
                .isInstanceOf(ChannelLayerException.class)
                .hasMessageContaining("closed");
    }
}
