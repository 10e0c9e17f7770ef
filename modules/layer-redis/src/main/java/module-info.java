// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code redis} and {@code redis-pubsub} channel layers, in channels_redis' format, found by the server with
 * {@link java.util.ServiceLoader}. Exports the options and providers; {@code .impl} is this module's own.
 *
 * <p>msgpack-core has no module name of its own: {@code msgpack.core} is the name the JDK derives from the jar's
 * file name (msgpack-core-0.9.10.jar carries neither a module descriptor nor an Automatic-Module-Name).
 */
module io.switchboard.layer.redis {
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;
    requires transitive io.switchboard.core;
    requires io.vertx.redis.client;
    requires msgpack.core;
    requires org.slf4j;

    exports io.switchboard.layer.redis;

    provides io.switchboard.layer.spi.ChannelLayerProvider with
            io.switchboard.layer.redis.RedisChannelLayerProvider,
            io.switchboard.layer.redis.RedisPubSubChannelLayerProvider;
}
