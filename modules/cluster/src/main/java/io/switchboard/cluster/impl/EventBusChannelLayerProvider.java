// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.cluster.EventBusLayer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The {@code eventbus} backend: {@link EventBusChannelLayer} on a clustered Vert.x. Reads the {@code layer}
 * section's {@code capacity}, {@code expiry}, {@code groupExpiry}, {@code channelCapacity}, and its own
 * {@code addressPrefix} and {@code sendTimeout} (see {@link EventBusLayer}).
 */
public final class EventBusChannelLayerProvider implements ChannelLayerProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public EventBusChannelLayerProvider() {}

    @Override
    public String name() {
        return EventBusLayer.BACKEND;
    }

    @Override
    public Future<ChannelLayer> create(Vertx vertx, JsonObject config) {
        ChannelLayerOptions options;
        String addressPrefix;
        long sendTimeout;
        try {
            options = new ChannelLayerOptions(config);
            addressPrefix = config.getString("addressPrefix", EventBusLayer.DEFAULT_ADDRESS_PREFIX);
            sendTimeout = config.getLong("sendTimeout", EventBusLayer.DEFAULT_SEND_TIMEOUT_SECONDS);
        } catch (RuntimeException e) {
            return Future.failedFuture(new InvalidChannelLayerException("layer configuration " + config.encode()
                    + " is invalid for backend 'eventbus': " + e.getMessage()));
        }
        if (addressPrefix.isBlank()) {
            return Future.failedFuture(
                    new InvalidChannelLayerException("layer.addressPrefix must not be blank; remove it to use '"
                            + EventBusLayer.DEFAULT_ADDRESS_PREFIX + "'"));
        }
        if (sendTimeout < 1) {
            return Future.failedFuture(
                    new InvalidChannelLayerException("layer.sendTimeout must be > 0 seconds, was " + sendTimeout));
        }
        return EventBusChannelLayer.create(vertx, options, addressPrefix, sendTimeout * 1000);
    }
}
