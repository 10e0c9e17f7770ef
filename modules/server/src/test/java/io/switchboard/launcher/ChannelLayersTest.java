// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChannelLayersTest {

    @Test
    void consumerChannelsGetALargerCapacityUnlessPerChannelCapacitiesAreConfigured() {
        ChannelLayerOptions options =
                new ChannelLayerOptions(ChannelLayers.withConsumerCapacity(new JsonObject().put("capacity", 50)));
        assertThat(options.capacityOf("specific.inmemory!abcdefghijkl")).isEqualTo(4096);
        assertThat(options.capacityOf("http.request")).isEqualTo(50);

        JsonObject redis = ChannelLayers.withConsumerCapacity(new JsonObject().put("backend", "redis"));
        assertThat(new ChannelLayerOptions(redis).capacityOf("specific.abc!def"))
                .as("the Redis layers keep channels_redis' capacity")
                .isEqualTo(100);

        JsonObject own = new JsonObject().put("channelCapacity", new JsonObject().put("chat*", 7));
        ChannelLayerOptions configured = new ChannelLayerOptions(ChannelLayers.withConsumerCapacity(own));
        assertThat(configured.capacityOf("specific.inmemory!abcdefghijkl")).isEqualTo(100);
        assertThat(configured.capacityOf("chat.x")).isEqualTo(7);
    }
}
