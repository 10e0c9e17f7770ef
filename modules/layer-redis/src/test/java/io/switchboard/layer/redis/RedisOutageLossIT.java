// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.GroupCursor;
import io.switchboard.layer.GroupCursor.Step;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis killed for about 5 s (until 5,000 sends were refused) under a steady stream to a group with a history (1000 messages/s), and started again with
 * its data: a reader that follows the group as a connection does ({@link GroupCursor}, the loss marker, history
 * reads) ends with every message whose send succeeded, each once. Prints the figures.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisOutageLossIT {

    private static final String ROOM = "room_loss";
    private static final int PER_TICK = 10;
    private static final long TICK_MILLIS = 10;

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void noMessageWhoseSendSucceededIsLostAcrossAFiveSecondOutage(String backend, Vertx vertx) throws Exception {
        try (RedisServer server = RedisServer.startPersistent()) {
            RedisLayerOptions options =
                    new RedisLayerOptions().setHosts(List.of(server.url())).setPrefix("loss");
            options.putGroupHistory("room_*", 4000, 60);
            ChannelLayer receiver = create(vertx, backend, options);
            ChannelLayer sender = create(vertx, backend, options);
            Context readerContext = vertx.getOrCreateContext();
            Reader reader =
                    call(readerContext, () -> Reader.start(receiver, vertx)).await(10, TimeUnit.SECONDS);

            Sender stream = new Sender(sender);
            Context senderContext = vertx.getOrCreateContext();
            long timer = call(
                            senderContext,
                            () -> Future.succeededFuture(vertx.setPeriodic(TICK_MILLIS, id -> stream.tick())))
                    .await(5, TimeUnit.SECONDS);
            // the outage is the scenario, counted in answered sends at 1,000 a second: 2,000 acknowledged, Redis away
            // until 5,000 were refused (about 5 s), then 4,000 more acknowledged
            stream.await(senderContext, () -> stream.acknowledged.cardinality() >= 2000);
            server.kill();
            stream.await(senderContext, () -> stream.refused >= 5000);
            server.restart();
            int before = call(senderContext, () -> Future.succeededFuture(stream.acknowledged.cardinality()))
                    .await(5, TimeUnit.SECONDS);
            stream.await(senderContext, () -> stream.acknowledged.cardinality() >= before + 4000);
            call(senderContext, () -> {
                        vertx.cancelTimer(timer);
                        return stream.settled();
                    })
                    .await(10, TimeUnit.SECONDS);
            // a last message flushes the reader's view: anything still missing shows as a gap before it
            sender.groupSend(ROOM, new JsonObject().put("type", "t").put("i", -1))
                    .await(5, TimeUnit.SECONDS);
            call(readerContext, reader::sawLast).await(20, TimeUnit.SECONDS);

            BitSet missing = (BitSet) stream.acknowledged.clone();
            missing.andNot(reader.delivered);
            System.out.printf(
                    "%s: sent %d, acknowledged %d, refused (sender told) %d, delivered %d (live %d, from history %d),"
                            + " loss markers %d, not recovered %d, duplicates %d, acknowledged but missing %d%n",
                    backend,
                    stream.sent,
                    stream.acknowledged.cardinality(),
                    stream.refused,
                    reader.delivered.cardinality(),
                    reader.live,
                    reader.recovered,
                    reader.markers,
                    reader.notRecovered,
                    reader.duplicates,
                    missing.cardinality());
            assertThat(reader.markers).as("loss markers").isPositive();
            assertThat(reader.notRecovered).as("reads not recovered").isZero();
            assertThat(reader.duplicates).as("duplicates").isZero();
            assertThat(missing.cardinality())
                    .as("acknowledged messages missing")
                    .isZero();
            receiver.close().await(5, TimeUnit.SECONDS);
            sender.close().await(5, TimeUnit.SECONDS);
        }
    }

    /** Sends {@link #PER_TICK} numbered messages per tick and remembers which sends succeeded. */
    private static final class Sender {
        private final ChannelLayer layer;
        private final BitSet acknowledged = new BitSet();
        private int sent;
        private int refused;
        private int pending;
        private Promise<Void> idle;
        /** Conditions a test waits for, checked as each send is answered. */
        private final Map<BooleanSupplier, Promise<Void>> milestones = new HashMap<>();

        Sender(ChannelLayer layer) {
            this.layer = layer;
        }

        void tick() {
            for (int k = 0; k < PER_TICK; k++) {
                int i = sent++;
                pending++;
                layer.groupSend(ROOM, new JsonObject().put("type", "t").put("i", i))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                acknowledged.set(i);
                            } else {
                                refused++;
                            }
                            milestones
                                    .entrySet()
                                    .removeIf(m -> m.getKey().getAsBoolean()
                                            && m.getValue().tryComplete());
                            if (--pending == 0 && idle != null) {
                                idle.tryComplete();
                            }
                        });
            }
        }

        /** Waits, on the test's thread, until a condition on the counters holds; they change on the sender's context. */
        void await(Context context, BooleanSupplier condition) throws Exception {
            call(context, () -> {
                        Promise<Void> reached = Promise.promise();
                        if (condition.getAsBoolean()) {
                            reached.complete();
                        } else {
                            milestones.put(condition, reached);
                        }
                        return reached.future();
                    })
                    .await(20, TimeUnit.SECONDS);
        }

        Future<Void> settled() {
            idle = Promise.promise();
            if (pending == 0) {
                idle.tryComplete();
            }
            return idle.future();
        }
    }

    /** Follows the group as a connection does: cursor, loss marker, history reads (retried while Redis is away). */
    private static final class Reader {
        private final ChannelLayer layer;
        private final Vertx vertx;
        private GroupCursor cursor;
        private final BitSet delivered = new BitSet();
        private final Promise<Void> last = Promise.promise();
        private int live;
        private int recovered;
        private int markers;
        private int notRecovered;
        private int duplicates;
        private boolean fromHistory;

        private Reader(ChannelLayer layer, Vertx vertx) {
            this.layer = layer;
            this.vertx = vertx;
        }

        static Future<Reader> start(ChannelLayer layer, Vertx vertx) {
            Reader reader = new Reader(layer, vertx);
            return layer.newChannel()
                    .compose(channel -> layer.subscribe(channel, reader::onMessage)
                            .compose(sub -> layer.groupAdd(ROOM, channel))
                            .compose(v -> layer.groupHistory(ROOM, null))
                            .map(read -> {
                                reader.cursor = GroupCursor.from(read.top());
                                return reader;
                            }));
        }

        Future<Void> sawLast() {
            return last.future();
        }

        private void onMessage(JsonObject message) {
            if (StreamPosition.isLossMarker(message)) {
                markers++;
                follow(cursor.lost());
                return;
            }
            switch (cursor.live(message)) {
                case DELIVER -> record(message);
                case TAKEN -> {}
                case READ_HISTORY -> read();
            }
        }

        private void follow(Step step) {
            step.deliver().forEach(this::record);
            if (step.next() == GroupCursor.Next.READ_HISTORY) {
                read();
            }
        }

        private void read() {
            layer.groupHistory(ROOM, cursor.position()).onComplete(ar -> {
                if (ar.failed()) {
                    // Redis is away: try again, as a client reconnects
                    vertx.setTimer(200, id -> read());
                    return;
                }
                if (ar.result() instanceof HistoryRead.Recovered got) {
                    fromHistory = true;
                    follow(cursor.recovered(got.messages()));
                    fromHistory = false;
                } else {
                    notRecovered++;
                    follow(cursor.notRecovered(ar.result().top()));
                }
            });
        }

        private void record(JsonObject message) {
            int i = message.getInteger("i");
            if (i < 0) {
                last.tryComplete();
                return;
            }
            if (delivered.get(i)) {
                duplicates++;
            }
            delivered.set(i);
            if (fromHistory) {
                recovered++;
            } else {
                live++;
            }
        }
    }

    private static <T> Future<T> call(Context context, java.util.function.Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    private static ChannelLayer create(Vertx vertx, String backend, RedisLayerOptions options) throws Exception {
        Future<ChannelLayer> made = backend.equals("redis")
                ? RedisChannelLayer.create(vertx, options)
                : RedisPubSubChannelLayer.create(vertx, options);
        return made.await(10, TimeUnit.SECONDS);
    }
}
