// SPDX-License-Identifier: Apache-2.0
/**
 * Channel layers on Redis that share channels and groups with Django processes using channels_redis 4.
 *
 * <h2>Flavours</h2>
 *
 * <ul>
 *   <li>{@code redis} ({@link io.switchboard.layer.redis.RedisChannelLayerProvider}): channels_redis'
 *       {@code RedisChannelLayer} format, sorted-set queues with capacity, expiry and group expiry;
 *   <li>{@code redis-pubsub} ({@link io.switchboard.layer.redis.RedisPubSubChannelLayerProvider}): its
 *       {@code RedisPubSubChannelLayer} format, Redis Pub/Sub only.
 * </ul>
 *
 * The two do not talk to each other: configure the one the Django settings name. Both are found with
 * {@link java.util.ServiceLoader} as {@link io.switchboard.layer.spi.ChannelLayerProvider}s and read
 * {@link io.switchboard.layer.redis.RedisLayerOptions} from the {@code layer} configuration section.
 *
 * <h2>Failures</h2>
 *
 * A server that does not answer makes operations fail at once with
 * {@link io.switchboard.layer.redis.RedisUnavailableException}; the layer reconnects with back-off and
 * subscriptions stay. A reader or subscriber connection that broke queues the loss marker for the local readers
 * it fed once it is back, so they read what they missed from their groups' histories. Messages read from Redis
 * that are not channels_redis messages are logged and dropped.
 *
 * <h2>Group history</h2>
 *
 * Groups that keep a history ({@code layer.groupHistory}, {@code keepHistory}) have it in Redis: a Stream per
 * group beside a hash with its epoch and last offset, on the group's shard, numbered by the script that delivers
 * each message. Django's sends to such a group reach its members unnumbered and are not kept.
 *
 * <h2>Sharding</h2>
 *
 * Several hosts shard the layer as channels_redis does (CRC32 of the name), except that direct sends to
 * process-specific channels go to the shard their owner reads, where channels_redis 4 hashes the full name
 * (django/channels#1492); the module README says what Django users should expect.
 */
@ModuleGen(name = "switchboard-layer-redis", groupPackage = "io.switchboard.layer.redis")
package io.switchboard.layer.redis;

import io.vertx.codegen.annotations.ModuleGen;
