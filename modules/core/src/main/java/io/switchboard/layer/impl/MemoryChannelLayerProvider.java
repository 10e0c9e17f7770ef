// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The {@code memory} backend: {@link MemoryChannelLayer}, configured by the keys of
 * {@link ChannelLayerOptions#ChannelLayerOptions(JsonObject)} ({@code capacity}, {@code expiry},
 * {@code groupExpiry}, {@code channelCapacity}).
 */
public final class MemoryChannelLayerProvider implements ChannelLayerProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MemoryChannelLayerProvider() {}

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Future<ChannelLayer> create(Vertx vertx, JsonObject config) {
        ChannelLayerOptions options;
        try {
            options = new ChannelLayerOptions(config == null ? new JsonObject() : config);
        } catch (IllegalArgumentException | ClassCastException e) {
            return Future.failedFuture(new InvalidChannelLayerException("Invalid memory channel layer configuration "
                    + config.encode() + ": " + e.getMessage()
                    + "; expected capacity, expiry and groupExpiry as positive numbers (seconds for the expiries)"
                    + " and channelCapacity as an object of glob pattern to positive number"));
        }
        return Future.succeededFuture(new MemoryChannelLayer(vertx, options));
    }
}
