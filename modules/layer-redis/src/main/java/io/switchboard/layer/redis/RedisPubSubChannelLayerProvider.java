// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The {@code redis-pubsub} backend: Django channels_redis' {@code RedisPubSubChannelLayer} format (Redis Pub/Sub
 * only, nothing stored), for Django processes configured with {@code channels_redis.pubsub.RedisPubSubChannelLayer}.
 * The two channels_redis flavours do not talk to each other: pick the one the Django settings name.
 *
 * <p>Configuration (the {@code layer} section), with channels_redis' defaults:
 *
 * <pre>{@code
 * {
 *   "backend": "redis-pubsub",
 *   "hosts": ["redis://localhost:6379"],   // or a comma-separated string; order = shard order
 *   "prefix": "asgi",                      // channels_redis "prefix"
 *   "capacity": 100,                       // bound of each channel's local buffer (pub/sub has no Redis queue)
 *   "connectTimeout": 2000,                // ms
 *   "commandTimeout": 5000                 // ms
 * }
 * }</pre>
 *
 * <p>As in channels_redis, a message is delivered only to whoever is subscribed when it is published: there is no
 * capacity check on send, no expiry, no group expiry and no persistence. Each process subscribes to the groups
 * that have local members and to its own channels, and fans group messages out locally; a group send is one
 * {@code PUBLISH}. Not supported: 4.2's pub/sub {@code symmetric_encryption_keys}, sentinel hosts.
 */
public final class RedisPubSubChannelLayerProvider implements ChannelLayerProvider {

    /** The backend name, {@code redis-pubsub}. */
    public static final String NAME = "redis-pubsub";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisPubSubChannelLayerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Makes the layer and checks that every Redis host answers.
     *
     * @param vertx the process's Vert.x instance
     * @param config the {@code layer} section, keys as above
     * @return a future of the ready layer; it fails with {@link InvalidChannelLayerException} for a bad setting
     *     and with {@link RedisUnavailableException} when a host does not answer
     */
    @Override
    public Future<ChannelLayer> create(Vertx vertx, JsonObject config) {
        RedisLayerOptions options;
        try {
            options = RedisChannelLayerProvider.options(config);
        } catch (InvalidChannelLayerException e) {
            return Future.failedFuture(e);
        }
        return RedisPubSubChannelLayer.create(vertx, options);
    }
}
