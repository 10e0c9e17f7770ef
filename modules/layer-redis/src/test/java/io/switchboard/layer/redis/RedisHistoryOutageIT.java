// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis dies under subscribed readers of a group with a history: once Redis is back, each reader gets the loss
 * marker (its live stream broke), its last position is recovered from the history, or, if Redis came back empty, is
 * "not recovered" under a new epoch, and delivery resumes. Runs a private redis-server it kills.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisHistoryOutageIT {

    private static final String ROOM = "room_lobby";

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void aRedisRestartedEmptyTellsReadersAndStartsTheHistoryOnANewEpoch(String backend, Vertx vertx) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            Outage outage = new Outage(vertx, backend, server);
            StreamPosition before = outage.receiveOne("before");

            server.kill();
            outage.nothingArrives();
            server.restart();
            outage.awaitLossMarker();

            HistoryRead read = outage.readOnceBack(before);
            assertThat(read).isInstanceOf(HistoryRead.NotRecovered.class);
            assertThat(((HistoryRead.NotRecovered) read).reason()).contains("epoch");
            assertThat(read.top().epoch()).isNotEqualTo(before.epoch());
            StreamPosition after = outage.awaitDelivery();
            assertThat(after.epoch()).isEqualTo(read.top().epoch());
            outage.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void aRedisRestartedWithItsDataTellsReadersAndRecoversTheirPositions(String backend, Vertx vertx) throws Exception {
        try (RedisServer server = RedisServer.startPersistent()) {
            Outage outage = new Outage(vertx, backend, server);
            StreamPosition first = outage.receiveOne("first");
            StreamPosition second = outage.receiveOne("second");

            server.kill();
            outage.nothingArrives();
            server.restart();
            outage.awaitLossMarker();

            HistoryRead read = outage.readOnceBack(first);
            assertThat(read).isInstanceOf(HistoryRead.Recovered.class);
            assertThat(((HistoryRead.Recovered) read).messages())
                    .extracting(StreamPosition::of)
                    .containsExactly(second);
            StreamPosition after = outage.awaitDelivery();
            assertThat(after.epoch()).isEqualTo(first.epoch());
            assertThat(after.offset()).isGreaterThan(second.offset());
            outage.close();
        }
    }

    /** A receiving layer subscribed to the room, and a sending one, on the private server. */
    private static final class Outage {

        private final ChannelLayer receiver;
        private final ChannelLayer sender;
        private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

        Outage(Vertx vertx, String backend, RedisServer server) throws Exception {
            RedisLayerOptions options =
                    new RedisLayerOptions().setHosts(List.of(server.url())).setPrefix("outage");
            options.putGroupHistory("room_*", 100, 60);
            receiver = create(vertx, backend, options).await(10, TimeUnit.SECONDS);
            sender = create(vertx, backend, options).await(10, TimeUnit.SECONDS);
            String channel = receiver.newChannel().await(5, TimeUnit.SECONDS);
            receiver.subscribe(channel, received::add).await(5, TimeUnit.SECONDS);
            receiver.groupAdd(ROOM, channel).await(5, TimeUnit.SECONDS);
        }

        StreamPosition receiveOne(String text) throws Exception {
            sender.groupSend(ROOM, message(text)).await(5, TimeUnit.SECONDS);
            JsonObject message = received.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("message '%s'", text).isNotNull();
            assertThat(message.getString("text")).isEqualTo(text);
            return StreamPosition.of(message);
        }

        void nothingArrives() throws Exception {
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }

        /** The reader's connection is back (the layer reconnects with back-off, at most 2 s apart). */
        void awaitLossMarker() throws Exception {
            JsonObject marker = received.poll(20, TimeUnit.SECONDS);
            assertThat(marker).as("the loss marker once Redis is back").isNotNull();
            assertThat(StreamPosition.isLossMarker(marker)).as("%s", marker).isTrue();
        }

        /** Reads the history once Redis answers again (commands fail fast meanwhile). */
        HistoryRead readOnceBack(StreamPosition since) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Future<HistoryRead> read = receiver.groupHistory(ROOM, since);
                try {
                    return read.await(5, TimeUnit.SECONDS);
                } catch (RedisUnavailableException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }

        /** Sends until a numbered message arrives again; loss markers on the way are skipped. */
        StreamPosition awaitDelivery() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                sender.groupSend(ROOM, message("after")).otherwiseEmpty().await(5, TimeUnit.SECONDS);
                JsonObject next;
                while ((next = received.poll(200, TimeUnit.MILLISECONDS)) != null) {
                    if (!StreamPosition.isLossMarker(next)) {
                        assertThat(next.getString("text")).isEqualTo("after");
                        return StreamPosition.of(next);
                    }
                }
            }
            throw new AssertionError("no delivery within 20 s of the restart");
        }

        void close() throws Exception {
            receiver.close().await(5, TimeUnit.SECONDS);
            sender.close().await(5, TimeUnit.SECONDS);
        }
    }

    private static Future<ChannelLayer> create(Vertx vertx, String backend, RedisLayerOptions options) {
        return backend.equals("redis")
                ? RedisChannelLayer.create(vertx, options)
                : RedisPubSubChannelLayer.create(vertx, options);
    }

    private static JsonObject message(String text) {
        return new JsonObject().put("type", "chat.message").put("text", text);
    }
}
