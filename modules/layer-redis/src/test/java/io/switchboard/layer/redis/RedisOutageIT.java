// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.Await;
import io.switchboard.testsupport.LoopbackPorts;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis goes away and comes back: sends fail at once with {@link RedisUnavailableException}, subscriptions stay,
 * and once the (restarted, empty) server is back the subscriber gets the loss marker (its live stream broke) and
 * messages flow again. Runs a private redis-server it kills.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisOutageIT {

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void subscriptionsSurviveARedisRestartAndSendsFailFastMeanwhile(String backend, Vertx vertx) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisLayerOptions options =
                    new RedisLayerOptions().setHosts(List.of(server.url())).setPrefix("outage");
            ChannelLayer receiver = create(vertx, backend, options);
            ChannelLayer sender = create(vertx, backend, options);
            BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
            CountDownLatch lossMarker = new CountDownLatch(1);
            String channel = receiver.newChannel().await(5, TimeUnit.SECONDS);
            Subscription subscription = receiver.subscribe(channel, message -> {
                        if (StreamPosition.isLossMarker(message)) {
                            lossMarker.countDown();
                        } else {
                            received.add(message);
                        }
                    })
                    .await(5, TimeUnit.SECONDS);
            receiver.groupAdd("room", channel).await(5, TimeUnit.SECONDS);
            sender.groupSend("room", message("before")).await(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(message("before"));

            server.kill();

            long start = System.nanoTime();
            List<Future<Void>> attempts = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                attempts.add(
                        i % 2 == 0 ? sender.groupSend("room", message("lost")) : sender.send(channel, message("lost")));
            }
            for (Future<Void> attempt : attempts) {
                Throwable failure = Await.failure(attempt, Duration.ofSeconds(5));
                assertThat(failure)
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining(server.url())
                        .hasMessageContaining("check that the server is up");
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("2000 sends during the outage all failed fast")
                    .isLessThan(3000);
            assertThat(received).isEmpty();

            server.restart();
            assertThat(lossMarker.await(20, TimeUnit.SECONDS))
                    .as("the reader is told of the outage once its connection is back")
                    .isTrue();

            JsonObject arrived = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (arrived == null && System.nanoTime() < deadline) {
                sender.groupSend("room", message("after")).otherwiseEmpty().await(5, TimeUnit.SECONDS);
                arrived = received.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(arrived).as("a group message after the restart").isEqualTo(message("after"));
            sender.send(channel, message("direct")).await(5, TimeUnit.SECONDS);
            JsonObject next;
            do {
                next = received.poll(5, TimeUnit.SECONDS);
            } while (next != null && next.equals(message("after")));
            assertThat(next).isEqualTo(message("direct"));
            assertThat(receiver.stats().subscriptions()).isEqualTo(1);
            assertThat(subscription.channel()).isEqualTo(channel);

            receiver.close().await(5, TimeUnit.SECONDS);
            sender.close().await(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void creatingALayerFailsClearlyWhenRedisIsDown(String backend, Vertx vertx) throws Exception {
        int port = LoopbackPorts.free();
        RedisLayerOptions options = new RedisLayerOptions().setHosts(List.of("redis://127.0.0.1:" + port));
        Throwable failure = Await.failure(create(backend, vertx, options));
        assertThat(failure)
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("redis://127.0.0.1:" + port);
    }

    private static ChannelLayer create(Vertx vertx, String backend, RedisLayerOptions options) throws Exception {
        return create(backend, vertx, options).await(10, TimeUnit.SECONDS);
    }

    private static Future<ChannelLayer> create(String backend, Vertx vertx, RedisLayerOptions options) {
        return backend.equals("redis")
                ? RedisChannelLayer.create(vertx, options)
                : RedisPubSubChannelLayer.create(vertx, options);
    }

    private static JsonObject message(String text) {
        return new JsonObject().put("type", "chat.message").put("text", text);
    }
}
