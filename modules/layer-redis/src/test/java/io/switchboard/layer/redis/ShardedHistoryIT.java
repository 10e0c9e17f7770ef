// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.layer.redis.impl.Sharding;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A group with a history on two Redis servers, its history on one shard and its member's queue (core) on the
 * other: the member still receives consecutive offsets, and the history gives them back.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShardedHistoryIT {

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void aMemberOnAnotherShardThanTheHistoryGetsConsecutiveOffsets(String backend, Vertx vertx) throws Exception {
        try (RedisServer first = RedisServer.start();
                RedisServer second = RedisServer.start()) {
            RedisLayerOptions options = new RedisLayerOptions()
                    .setHosts(List.of(first.url(), second.url()))
                    .setPrefix("sharded");
            options.putGroupHistory("hist_*", 10, 60);
            ChannelLayer layer = (backend.equals("redis")
                            ? RedisChannelLayer.create(vertx, options)
                            : RedisPubSubChannelLayer.create(vertx, options))
                    .await(10, TimeUnit.SECONDS);
            String channel = layer.newChannel().await(5, TimeUnit.SECONDS);
            int memberShard = Sharding.index(ChannelNames.nonLocalPart(channel), 2);
            String group;
            do {
                group = "hist_" + UUID.randomUUID().toString().substring(0, 8);
            } while (historyShard(backend, group) == memberShard);
            layer.groupAdd(group, channel).await(5, TimeUnit.SECONDS);

            for (int i = 1; i <= 3; i++) {
                layer.groupSend(group, new JsonObject().put("type", "t").put("i", i))
                        .await(5, TimeUnit.SECONDS);
            }
            StreamPosition last = null;
            for (long offset = 1; offset <= 3; offset++) {
                JsonObject message = layer.receive(channel).await(5, TimeUnit.SECONDS);
                last = StreamPosition.of(message);
                assertThat(last.offset()).isEqualTo(offset);
                assertThat(message.getInteger("i")).isEqualTo((int) offset);
            }
            HistoryRead read = layer.groupHistory(group, new StreamPosition(0, last.epoch()))
                    .await(5, TimeUnit.SECONDS);
            assertThat(((HistoryRead.Recovered) read).messages())
                    .extracting(m -> m.getInteger("i"))
                    .containsExactly(1, 2, 3);
            assertThat(read.top()).isEqualTo(last);
            layer.close().await(5, TimeUnit.SECONDS);
        }
    }

    private static int historyShard(String backend, String group) {
        return Sharding.index(backend.equals("redis") ? group : "sharded__group__" + group, 2);
    }
}
