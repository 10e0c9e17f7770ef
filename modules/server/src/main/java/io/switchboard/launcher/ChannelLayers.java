// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static io.switchboard.config.ConfigKey.Type.TEXT;

import io.switchboard.config.ConfigKeys;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Makes the configured channel layer from the backends on the class path. */
public final class ChannelLayers {

    /** The key that picks the backend; the backends' own keys are in their options' tables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("layer").key("backend", TEXT, "SWITCHBOARD_LAYER");

    /** The backend used when {@code layer.backend} is not set. */
    public static final String DEFAULT_BACKEND = "memory";

    /**
     * Capacity of the consumers' own channels ({@code specific...} names) unless {@code layer.channelCapacity} is
     * configured. A consumer's channel is drained by its event loop, but a busy room can put hundreds of group
     * messages in it within one turn of that loop; Channels' 100 would drop them. Other channels keep
     * {@code layer.capacity}.
     */
    public static final int DEFAULT_CONSUMER_CAPACITY = 4096;

    private ChannelLayers() {}

    /**
     * Adds the default capacity of consumers' channels for the in-process layers ({@code memory},
     * {@code eventbus}) when the configuration sets no per-channel capacities.
     *
     * @param layerConfig the {@code layer} section
     * @return the section to give the provider
     */
    public static JsonObject withConsumerCapacity(JsonObject layerConfig) {
        String backend = layerConfig.getString("backend", DEFAULT_BACKEND);
        // The Redis layers keep channels_redis' capacities: their queues are shared with Django processes
        boolean local = backend.equals("memory") || backend.equals("eventbus");
        if (!local || layerConfig.containsKey("channelCapacity")) {
            return layerConfig;
        }
        return layerConfig.copy().put("channelCapacity", new JsonObject().put("specific*", DEFAULT_CONSUMER_CAPACITY));
    }

    /** @return the backends on the class path, by name */
    public static Map<String, ChannelLayerProvider> providers() {
        Map<String, ChannelLayerProvider> byName = new TreeMap<>();
        for (ChannelLayerProvider provider : ServiceLoader.load(ChannelLayerProvider.class)) {
            byName.put(provider.name(), provider);
        }
        return byName;
    }

    /**
     * Makes the layer that the {@code layer} section names.
     *
     * @param vertx the process's Vert.x
     * @param layerConfig the {@code layer} section
     * @return a future of the layer; it fails with {@link ConfigurationException} for an unknown backend
     */
    public static Future<ChannelLayer> create(Vertx vertx, JsonObject layerConfig) {
        String backend = layerConfig.getString("backend", DEFAULT_BACKEND);
        Map<String, ChannelLayerProvider> providers = providers();
        ChannelLayerProvider provider = providers.get(backend);
        if (provider == null) {
            return Future.failedFuture(new ConfigurationException(
                    "layer.backend '" + backend
                            + "' is unknown; expected one of: " + String.join(", ", providers.keySet())
                            + " (set it with SWITCHBOARD_LAYER)",
                    null));
        }
        try {
            return provider.create(vertx, layerConfig);
        } catch (RuntimeException e) {
            return Future.failedFuture(new ConfigurationException("layer: " + e.getMessage(), e));
        }
    }
}
