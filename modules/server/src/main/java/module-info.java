// SPDX-License-Identifier: Apache-2.0
/**
 * The launcher: settings from the file and the environment, the channel layer backend, clustering, and the server's
 * verticles. Exports {@code io.switchboard.launcher}, its one package, and is named after it (the package
 * {@code io.switchboard.server} is core's).
 *
 * <p>The backends are found with {@link java.util.ServiceLoader}: on the module path the layer-redis module is
 * resolved because it provides {@code ChannelLayerProvider}, not because this module requires it.
 */
module io.switchboard.launcher {
    requires io.vertx.config;
    requires transitive io.switchboard.core;
    requires io.switchboard.cluster;
    requires io.switchboard.layer.redis;
    requires io.vertx.redis.client;
    requires io.vertx.core.logging;
    requires io.vertx.healthcheck;
    requires io.vertx.metrics.micrometer;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires org.slf4j;

    exports io.switchboard.launcher;

    uses io.switchboard.layer.spi.ChannelLayerProvider;
}
