// SPDX-License-Identifier: Apache-2.0
/**
 * Switchboard's core: consumers, routing, middleware, the channel layer's API with its local-delivery kernel and
 * memory backend, and the WebSocket server. Only API and SPI packages are exported; {@code .impl} packages are
 * this module's own.
 */
module io.switchboard.core {
    requires transitive io.vertx.core;
    requires transitive io.vertx.web;
    // sessions are made with its random ids (AbstractSession's constructors)
    requires io.vertx.auth.common;
    // the options classes' @DataObject and @JsonGen, needed to compile them only
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires jdk.management;
    requires org.slf4j;

    exports io.switchboard.auth;
    exports io.switchboard.config;
    exports io.switchboard.consumer;
    exports io.switchboard.consumer.spi;
    exports io.switchboard.layer;
    exports io.switchboard.layer.kernel;
    exports io.switchboard.layer.spi;
    exports io.switchboard.middleware;
    exports io.switchboard.routing;
    exports io.switchboard.server;
    // what backends and the bench take from below Vert.x's public API, in one class
    exports io.switchboard.internal to
            io.switchboard.cluster,
            io.switchboard.layer.redis,
            io.switchboard.bench;

    uses io.switchboard.layer.spi.ChannelLayerProvider;
    uses io.switchboard.consumer.spi.SyncHandlerListener;

    provides io.switchboard.layer.spi.ChannelLayerProvider with
            io.switchboard.layer.impl.MemoryChannelLayerProvider;
}
