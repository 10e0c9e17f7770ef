// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.redis.RedisLayerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis layers are on the launcher's class path and their settings come from the environment. */
class RedisSettingsTest {

    @Test
    void bothRedisFlavoursCanBeSelected() {
        assertThat(ChannelLayers.providers()).containsKeys("memory", "redis", "redis-pubsub");
    }

    @Test
    void redisUrlAndPrefixFillTheLayerSectionThatTheRedisOptionsRead() {
        JsonObject config = Settings.load(
                Map.of(
                        "SWITCHBOARD_LAYER", "redis",
                        "SWITCHBOARD_REDIS_URL", " redis://127.0.0.1:6379/0 , redis://127.0.0.1:6380 ",
                        "SWITCHBOARD_REDIS_PREFIX", "myapp",
                        "SWITCHBOARD_LAYER_CAPACITY", "250",
                        "SWITCHBOARD_LAYER_EXPIRY", "30",
                        "SWITCHBOARD_LAYER_GROUP_EXPIRY", "3600"),
                new JsonObject());
        JsonObject layer = config.getJsonObject("layer");
        assertThat(layer.getJsonArray("hosts"))
                .isEqualTo(new JsonArray().add("redis://127.0.0.1:6379/0").add("redis://127.0.0.1:6380"));

        RedisLayerOptions options = new RedisLayerOptions(layer);
        assertThat(options.getHosts()).isEqualTo(List.of("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6380"));
        assertThat(options.getPrefix()).isEqualTo("myapp");
        assertThat(options.getCapacity()).isEqualTo(250);
        assertThat(options.getExpirySeconds()).isEqualTo(30);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(3600);
    }

    @Test
    void oneRedisUrlIsAListOfOneAndTheDefaultsAreChannelsRedisOwn() {
        JsonObject layer = Settings.load(Map.of("SWITCHBOARD_REDIS_URL", "redis://10.0.0.5:6379"), new JsonObject())
                .getJsonObject("layer");
        RedisLayerOptions options = new RedisLayerOptions(layer);
        assertThat(options.getHosts()).containsExactly("redis://10.0.0.5:6379");
        assertThat(options.getPrefix()).isEqualTo("asgi");
        assertThat(options.getCapacity()).isEqualTo(100);
        assertThat(options.getExpirySeconds()).isEqualTo(60);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(86400);
    }

    @Test
    void theSettingsTableListsTheRedisVariables() throws Exception {
        assertThat(SettingsTest.variablesInTheSettingsTable("SWITCHBOARD_REDIS_"))
                .containsExactly("SWITCHBOARD_REDIS_URL", "SWITCHBOARD_REDIS_PREFIX");
    }
}
