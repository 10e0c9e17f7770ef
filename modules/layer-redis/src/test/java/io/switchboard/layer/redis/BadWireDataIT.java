// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.SharedRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Another producer writes bytes that are not a channels_redis message (not msgpack, non-string keys, ext types,
 * a bad marker): the layer logs and drops each one and keeps delivering what follows.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadWireDataIT {

    /** Each would make Python's receive raise: not msgpack, {1: "a"}, an ext value, a top-level array, a marker 7. */
    private static final List<String> BAD_MAPS = List.of(
            HexFormat.of().formatHex("not msgpack at all".getBytes(StandardCharsets.UTF_8)),
            "8101a161",
            "81a474797065d40100",
            "9101",
            "82a474797065a178b05f5f617367695f6368616e6e656c5f5f07");

    @BeforeAll
    static void services() {
        SharedRedis.require();
    }

    @Test
    void coreLayerDropsBadMembersAndKeepsReading(Vertx vertx) throws Exception {
        String prefix = SharedRedis.uniquePrefix("sbbad");
        RedisLayerOptions options =
                new RedisLayerOptions().setHosts(List.of(SharedRedis.url())).setPrefix(prefix);
        ChannelLayer layer = RedisChannelLayer.create(vertx, options).await(10, TimeUnit.SECONDS);
        Redis raw = Redis.createClient(vertx, SharedRedis.url());
        try {
            BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
            String channel = layer.newChannel().await(5, TimeUnit.SECONDS);
            layer.subscribe(channel, received::add).await(5, TimeUnit.SECONDS);
            String key = prefix + ChannelNames.nonLocalPart(channel);
            double score = System.currentTimeMillis() / 1000.0;
            for (String bad : BAD_MAPS) {
                byte[] member = concat(new byte[12], HexFormat.of().parseHex(bad));
                member[0] = (byte) BAD_MAPS.indexOf(bad);
                raw.send(Request.cmd(Command.ZADD).arg(key).arg(score).arg(member))
                        .await(5, TimeUnit.SECONDS);
            }
            // shorter than the random prefix
            raw.send(Request.cmd(Command.ZADD).arg(key).arg(score).arg(new byte[] {1, 2}))
                    .await(5, TimeUnit.SECONDS);

            layer.send(channel, new JsonObject().put("type", "good")).await(5, TimeUnit.SECONDS);

            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("type", "good"));
            layer.send(channel, new JsonObject().put("type", "still good")).await(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("type", "still good"));
            assertThat(received).isEmpty();
        } finally {
            layer.flush().await(5, TimeUnit.SECONDS);
            layer.close().await(5, TimeUnit.SECONDS);
            raw.close();
        }
    }

    @Test
    void pubSubLayerDropsBadPayloadsAndKeepsReading(Vertx vertx) throws Exception {
        String prefix = SharedRedis.uniquePrefix("sbbad");
        RedisLayerOptions options =
                new RedisLayerOptions().setHosts(List.of(SharedRedis.url())).setPrefix(prefix);
        ChannelLayer layer = RedisPubSubChannelLayer.create(vertx, options).await(10, TimeUnit.SECONDS);
        Redis raw = Redis.createClient(vertx, SharedRedis.url());
        try {
            BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
            String channel = layer.newChannel().await(5, TimeUnit.SECONDS);
            layer.subscribe(channel, received::add).await(5, TimeUnit.SECONDS);
            layer.groupAdd("bad_room", channel).await(5, TimeUnit.SECONDS);
            for (String bad : BAD_MAPS) {
                byte[] payload = HexFormat.of().parseHex(bad);
                raw.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload)).await(5, TimeUnit.SECONDS);
                raw.send(Request.cmd(Command.PUBLISH)
                                .arg(prefix + "__group__bad_room")
                                .arg(payload))
                        .await(5, TimeUnit.SECONDS);
            }

            layer.groupSend("bad_room", new JsonObject().put("type", "good")).await(5, TimeUnit.SECONDS);
            layer.send(channel, new JsonObject().put("type", "still good")).await(5, TimeUnit.SECONDS);

            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("type", "good"));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("type", "still good"));
            assertThat(received).isEmpty();
        } finally {
            layer.close().await(5, TimeUnit.SECONDS);
            raw.close();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
