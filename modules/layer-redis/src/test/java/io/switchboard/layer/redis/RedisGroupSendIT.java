// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A group send to a large group costs a fixed number of Redis commands, not one per member. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisGroupSendIT {

    @Test
    void coreGroupSendToAThousandQueuesIsThreeScriptCalls(Vertx vertx) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisLayerOptions options = new RedisLayerOptions().setHosts(List.of(server.url()));
            ChannelLayer layer = RedisChannelLayer.create(vertx, options).await(10, TimeUnit.SECONDS);
            Redis raw = Redis.createClient(vertx, server.url());
            List<Future<Void>> adds = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                adds.add(layer.groupAdd("big", "worker." + i));
            }
            Future.all(adds).await(10, TimeUnit.SECONDS);
            // warm the script cache, then count the commands of one group send
            layer.groupSend("big", new JsonObject().put("type", "warm")).await(5, TimeUnit.SECONDS);
            raw.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await(5, TimeUnit.SECONDS);

            layer.groupSend("big", new JsonObject().put("type", "hello")).await(10, TimeUnit.SECONDS);

            String stats = raw.send(Request.cmd(Command.INFO).arg("commandstats"))
                    .await(5, TimeUnit.SECONDS)
                    .toString();
            // 1 script reads the members, 2 scripts (500 keys each) write the queues
            assertThat(calls(stats, "evalsha")).isEqualTo(3);
            assertThat(calls(stats, "eval")).isZero();
            assertThat(calls(stats, "zadd")).isEqualTo(1000);
            for (int i : new int[] {0, 499, 500, 999}) {
                assertThat(layer.receive("worker." + i)
                                .await(5, TimeUnit.SECONDS)
                                .getString("type"))
                        .isEqualTo("warm");
                assertThat(layer.receive("worker." + i)
                                .await(5, TimeUnit.SECONDS)
                                .getString("type"))
                        .isEqualTo("hello");
            }
            layer.close().await(5, TimeUnit.SECONDS);
            raw.close();
        }
    }

    @Test
    void coreGroupSendToManyConsumersOfOneProcessIsOneStoredMessage(Vertx vertx) throws Exception {
        groupSendReachesEveryLocalConsumerOnce(vertx, "redis", "zadd", 1);
    }

    @Test
    void pubSubGroupSendIsOnePublish(Vertx vertx) throws Exception {
        groupSendReachesEveryLocalConsumerOnce(vertx, "redis-pubsub", "publish", 1);
    }

    private static void groupSendReachesEveryLocalConsumerOnce(
            Vertx vertx, String backend, String command, int expectedCalls) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisLayerOptions options = new RedisLayerOptions().setHosts(List.of(server.url()));
            ChannelLayer layer = (backend.equals("redis")
                            ? RedisChannelLayer.create(vertx, options)
                            : RedisPubSubChannelLayer.create(vertx, options))
                    .await(10, TimeUnit.SECONDS);
            Redis raw = Redis.createClient(vertx, server.url());
            int consumers = 200;
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(consumers);
            for (int i = 0; i < consumers; i++) {
                String channel = layer.newChannel().await(5, TimeUnit.SECONDS);
                AtomicInteger count = new AtomicInteger();
                counts.put(channel, count);
                layer.subscribe(channel, m -> {
                            count.incrementAndGet();
                            all.countDown();
                        })
                        .await(5, TimeUnit.SECONDS);
                layer.groupAdd("lobby", channel).await(5, TimeUnit.SECONDS);
            }
            raw.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await(5, TimeUnit.SECONDS);

            layer.groupSend("lobby", new JsonObject().put("type", "chat.message"))
                    .await(5, TimeUnit.SECONDS);

            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            String stats = raw.send(Request.cmd(Command.INFO).arg("commandstats"))
                    .await(5, TimeUnit.SECONDS)
                    .toString();
            assertThat(calls(stats, command)).isEqualTo(expectedCalls);
            assertThat(counts.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
            layer.close().await(5, TimeUnit.SECONDS);
            raw.close();
        }
    }

    private static long calls(String commandStats, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
