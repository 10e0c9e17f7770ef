// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.redis.RedisPubSubChannelLayerProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pub/sub flavour's channel names start with the prefix: a prefix too long for them is refused at creation. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PubSubPrefixTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void aPrefixTooLongForChannelNamesIsRefusedWhenTheLayerIsMade() {
        String prefix = "p".repeat(RedisPubSubChannelLayer.MAX_PREFIX_LENGTH + 1);
        JsonObject config = new JsonObject()
                .put("backend", "redis-pubsub")
                .put("hosts", "redis://127.0.0.1:1")
                .put("prefix", prefix);
        assertThatThrownBy(() -> new RedisPubSubChannelLayerProvider().create(vertx, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix '" + prefix + "' is 26 characters; the redis-pubsub layer starts every channel"
                        + " name with it, and names must stay under 100 characters: use at most 25");
    }

    @Test
    void theLongestPrefixStillMakesValidChannelNames() {
        // <prefix>specific.<32 hex>!<32 hex>, as newChannel() makes it
        String name = "p".repeat(RedisPubSubChannelLayer.MAX_PREFIX_LENGTH) + "specific." + "a".repeat(32) + "!"
                + "b".repeat(32);
        assertThat(ChannelNames.requireValidChannel(name)).hasSize(ChannelNames.MAX_LENGTH - 1);
    }
}
