// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code eventbus} channel layer over the Hazelcast-clustered Vert.x event bus, and the cluster start. Exports
 * the API; {@code .impl} is this module's own. {@code ClusteredVertx.hazelcast} hands out the Hazelcast instance, so
 * Hazelcast's API comes with this module (Hazelcast 5.3 is an automatic module, named in its manifest).
 *
 * <p>On the module path Hazelcast asks for {@code --add-modules java.se} and for {@code --add-opens} of
 * {@code java.base/java.lang}, {@code java.base/sun.nio.ch}, {@code java.management/sun.management},
 * {@code jdk.management/com.sun.management.internal} and {@code --add-exports java.base/jdk.internal.ref} to
 * {@code com.hazelcast.core}, as it asks for them to {@code ALL-UNNAMED} on the class path.
 */
module io.switchboard.cluster {
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;
    requires transitive io.switchboard.core;
    requires transitive com.hazelcast.core;
    requires io.vertx.clustermanager.hazelcast;
    requires org.slf4j;

    exports io.switchboard.cluster;

    provides io.switchboard.layer.spi.ChannelLayerProvider with
            io.switchboard.cluster.impl.EventBusChannelLayerProvider;
}
