// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedisLayerOptionsTest {

    @Test
    void defaultsAreChannelsRedisDefaults() {
        RedisLayerOptions options = new RedisLayerOptions(new JsonObject().put("backend", "redis"));
        assertThat(options.getHosts()).containsExactly("redis://localhost:6379");
        assertThat(options.getPrefix()).isEqualTo("asgi");
        assertThat(options.getCapacity()).isEqualTo(100);
        assertThat(options.getExpirySeconds()).isEqualTo(60);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(86_400);
        assertThat(options.getChannelCapacity()).isEmpty();
    }

    @Test
    void readsEveryDocumentedKey() {
        JsonObject json = new JsonObject()
                .put("hosts", new JsonArray().add("redis://a:6379").add("redis://:secret@b:6380/2"))
                .put("prefix", "chat")
                .put("capacity", 7)
                .put("expiry", 9)
                .put("groupExpiry", 11)
                .put("channelCapacity", new JsonObject().put("http.request*", 200))
                .put("connectTimeout", 300)
                .put("commandTimeout", 400);
        RedisLayerOptions options = new RedisLayerOptions(json);
        assertThat(options.getHosts()).containsExactly("redis://a:6379", "redis://:secret@b:6380/2");
        assertThat(options.getPrefix()).isEqualTo("chat");
        assertThat(options.getCapacity()).isEqualTo(7);
        assertThat(options.getExpirySeconds()).isEqualTo(9);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(11);
        assertThat(options.capacityOf("http.request.abc")).isEqualTo(200);
        assertThat(options.capacityOf("other")).isEqualTo(7);
        assertThat(options.getConnectTimeoutMillis()).isEqualTo(300);
        assertThat(options.getCommandTimeoutMillis()).isEqualTo(400);
        assertThat(new RedisLayerOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    }

    @Test
    void hostsMayBeOneCommaSeparatedString() {
        RedisLayerOptions options =
                new RedisLayerOptions(new JsonObject().put("hosts", "redis://a:1, redis://b:2,,unix:///tmp/r.sock"));
        assertThat(options.getHosts()).containsExactly("redis://a:1", "redis://b:2", "unix:///tmp/r.sock");
    }

    @Test
    void badSettingsNameTheKeyAndHideThePassword() {
        assertThatThrownBy(() -> RedisChannelLayerProvider.options(new JsonObject().put("capacity", 0)))
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessage("layer.capacity must be > 0, was 0");
        assertThatThrownBy(() -> RedisChannelLayerProvider.options(new JsonObject().put("expiry", "soon")))
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessage("layer.expiry 'soon' is not a whole number");
        assertThatThrownBy(() -> RedisChannelLayerProvider.options(new JsonObject().put("hosts", "http://:pw@x:1")))
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageStartingWith("layer.hosts entry 'http://***@x:1' has no redis://")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisChannelLayerProvider.options(new JsonObject().put("hosts", new JsonArray())))
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessage("layer.hosts must list at least one Redis URL, was []");
        assertThatThrownBy(() -> RedisChannelLayerProvider.options(new JsonObject().put("hosts", 5)))
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageStartingWith("layer.hosts '5' is not a list");
    }

    @Test
    void theEnvironmentTableSetsHostsAndPrefix() {
        assertThat(RedisLayerOptions.KEYS.variables())
                .containsExactly(
                        Map.entry("SWITCHBOARD_REDIS_URL", "layer.hosts"),
                        Map.entry("SWITCHBOARD_REDIS_PREFIX", "layer.prefix"));
        RedisLayerOptions options = new RedisLayerOptions(RedisLayerOptions.KEYS.environment(
                Map.of("SWITCHBOARD_REDIS_URL", "redis://a:1, redis://b:2", "SWITCHBOARD_REDIS_PREFIX", "chat")));
        assertThat(options.getHosts()).containsExactly("redis://a:1", "redis://b:2");
        assertThat(options.getPrefix()).isEqualTo("chat");
    }

    @Test
    void theTimeoutsAreReadAsMillisecondsAndWrittenUnderTheirKeys() {
        RedisLayerOptions options = new RedisLayerOptions(new JsonObject()
                .put("connectTimeout", "300")
                .put("commandTimeout", 400)
                .put("capacity", 7));
        assertThat(options.getConnectTimeoutMillis()).isEqualTo(300);
        assertThat(options.getCommandTimeoutMillis()).isEqualTo(400);
        assertThat(options.toJson().fieldNames())
                .containsExactly(
                        "capacity",
                        "expiry",
                        "groupExpiry",
                        "channelCapacity",
                        "groupHistory",
                        "presenceMaxEntries",
                        "presenceMaxMeta",
                        "presenceTimeout",
                        "hosts",
                        "prefix",
                        "connectTimeout",
                        "commandTimeout");
    }

    @Test
    void serviceLoaderFindsBothFlavoursByName() {
        // looked up as the launcher looks them up; on the module path that is a use this module does not declare
        RedisLayerOptionsTest.class.getModule().addUses(ChannelLayerProvider.class);
        List<String> names = ServiceLoader.load(ChannelLayerProvider.class).stream()
                .map(p -> p.get().name())
                .toList();
        assertThat(names).contains("redis", "redis-pubsub");
    }
}
