// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The {@code redis} backend: Django channels_redis' {@code RedisChannelLayer} format, so that Django processes
 * configured with {@code channels_redis.core.RedisChannelLayer} and Switchboard processes share channels and groups
 * through the same Redis.
 *
 * <p>Configuration (the {@code layer} section), with channels_redis' defaults:
 *
 * <pre>{@code
 * {
 *   "backend": "redis",
 *   "hosts": ["redis://localhost:6379"],   // or "redis://a:6379,redis://b:6379"; order = shard order
 *   "prefix": "asgi",                      // channels_redis "prefix"
 *   "capacity": 100,                       // "capacity"
 *   "expiry": 60,                          // "expiry", seconds
 *   "groupExpiry": 86400,                  // "group_expiry", seconds
 *   "channelCapacity": {"http.request*": 200},  // "channel_capacity", globs
 *   "connectTimeout": 2000,                // ms, Switchboard only
 *   "commandTimeout": 5000                 // ms, Switchboard only
 * }
 * }</pre>
 *
 * <p>Use the same hosts (in the same order), prefix, expiry, group expiry and capacity as the Django settings.
 * Not supported: {@code symmetric_encryption_keys}, sentinel and Redis Cluster hosts, and 4.2's
 * {@code serializer_format} other than msgpack. See {@link RedisLayerOptions} for the keys.
 *
 * <p>Sharding with several hosts: channels_redis 4 puts a direct {@code send} to a process-specific channel on
 * the shard of the full channel name, while the receiving process reads the shard of the part before the
 * {@code !} (django/channels#1492), so with two or more hosts about half of Django's direct sends between Django
 * processes are never received. Switchboard writes such sends where the owner reads, and reads its own channels on
 * every shard, so direct sends from Django to Switchboard, from Switchboard to Django and between Switchboard
 * processes all arrive; group sends were never affected. Django-to-Django direct sends stay as channels_redis
 * makes them.
 */
public final class RedisChannelLayerProvider implements ChannelLayerProvider {

    /** The backend name, {@code redis}. */
    public static final String NAME = "redis";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisChannelLayerProvider() {}

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
            options = options(config);
        } catch (InvalidChannelLayerException e) {
            return Future.failedFuture(e);
        }
        return RedisChannelLayer.create(vertx, options);
    }

    /**
     * Reads the {@code layer} section.
     *
     * @param config the section; {@code null} means all defaults
     * @return the options
     * @throws InvalidChannelLayerException naming the key, the value and what is accepted
     */
    static RedisLayerOptions options(JsonObject config) {
        try {
            return new RedisLayerOptions(config == null ? new JsonObject() : config);
        } catch (IllegalArgumentException | NullPointerException e) {
            // a value of the wrong type is reported with its full key already; the setters name the bare key
            String message = e.getMessage();
            throw new InvalidChannelLayerException(message.startsWith("layer.") ? message : "layer." + message);
        }
    }
}
