// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.MessageMemo;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testkit.ChannelLayerContractTest;
import io.switchboard.testkit.ContractProperty;
import io.switchboard.testsupport.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code redis-pubsub} flavour against the contract suite. Redis Pub/Sub stores nothing, so, as channels_redis'
 * RedisPubSubChannelLayer, it has no capacity, expiry, group expiry or queue for absent readers: those properties
 * are declared deviations.
 */
class RedisPubSubChannelLayerIT extends ChannelLayerContractTest {

    private static final String NOTHING_STORED =
            "Redis Pub/Sub stores nothing (channels_redis' RedisPubSubChannelLayer): ";

    private final String prefix = SharedRedis.uniquePrefix("sbps") + ".";

    @BeforeAll
    static void redis() {
        SharedRedis.require();
    }

    @Override
    protected Future<ChannelLayer> createLayer(Vertx vertx, ChannelLayerOptions options) {
        RedisLayerOptions redis = new RedisLayerOptions(
                options.toJson().put("hosts", SharedRedis.url()).put("prefix", prefix));
        return RedisPubSubChannelLayer.create(vertx, redis);
    }

    @Override
    protected Optional<String> deviation(ContractProperty property) {
        return switch (property) {
            case CAPACITY, CAPACITY_AT_CALL, CHANNEL_CAPACITY ->
                Optional.of(NOTHING_STORED
                        + "a send never finds a channel full; each reader buffers at most capacity messages locally");
            case EXPIRY, EXPIRY_ENDS_MEMBERSHIP -> Optional.of(NOTHING_STORED + "no message waits, so none expires");
            case GROUP_EXPIRY ->
                Optional.of(NOTHING_STORED
                        + "memberships live in the subscribing process until groupDiscard, without an expiry");
            case RECEIVE_QUEUES_WITHOUT_SUBSCRIBER ->
                Optional.of(NOTHING_STORED + "a message published while nobody subscribes to the channel is lost");
            default -> Optional.empty();
        };
    }

    @Test
    void localMembersOfAGroupShareOneReadOnlyMessageAndWhatIsDerivedFromIt() {
        String group = "shared" + UUID.randomUUID().toString().substring(0, 8);
        String first = await(layer.newChannel());
        String second = await(layer.newChannel());
        await(layer.groupAdd(group, first));
        await(layer.groupAdd(group, second));
        Future<JsonObject> toFirst = layer.receive(first);
        Future<JsonObject> toSecond = layer.receive(second);
        await(layer.groupSend(
                group, new JsonObject().put("type", "chat.message").put("text", "hi")));
        JsonObject a = await(toFirst);
        JsonObject b = await(toSecond);
        // one decoded message per process, not a copy per member: a frame rendered for one is there for the other
        AtomicInteger renders = new AtomicInteger();
        Object key = new Object();
        assertThat(MessageMemo.of(a, key, () -> "frame " + renders.incrementAndGet()))
                .isEqualTo(MessageMemo.of(b, key, () -> "frame " + renders.incrementAndGet()))
                .isEqualTo("frame 1");
        assertThatThrownBy(() -> a.put("text", "changed")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(b.getString("text")).isEqualTo("hi");
    }

    @Test
    void newChannelNamesHaveThePubSubFormPlusTheProcessMark() {
        String name = await(layer.newChannel());
        assertThat(name).matches(java.util.regex.Pattern.quote(prefix) + "specific\\.[0-9a-f]{32}![0-9a-f]{32}");
    }
}
