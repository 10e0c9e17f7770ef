// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Makes the configured channel layer from the backends on the class path. */
public final class ChannelLayers {

    /** The backend used when {@code layer.backend} is not set. */
    public static final String DEFAULT_BACKEND = "memory";

    private ChannelLayers() {}

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
