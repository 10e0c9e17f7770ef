// SPDX-License-Identifier: Apache-2.0
/**
 * Scaling out: several Switchboard processes form one Vert.x cluster over Hazelcast, and the {@code eventbus}
 * channel layer spans them, so a message sent to a group reaches its members on every node.
 *
 * <h2>Starting a cluster member</h2>
 *
 * {@link io.switchboard.cluster.ClusteredVertx#start(io.vertx.core.VertxOptions,
 * io.switchboard.cluster.ClusterOptions)} starts a clustered Vert.x from the {@code cluster} configuration section
 * ({@link io.switchboard.cluster.ClusterOptions}) and a Hazelcast file of {@code conf/cluster/}: TCP/IP members on
 * loopback or a LAN ({@code hazelcast-local.xml}), or DNS discovery through a Kubernetes headless Service
 * ({@code hazelcast-kubernetes.xml}). A node that cannot join fails its start within the join timeout with a
 * {@link io.switchboard.cluster.ClusterStartException} naming the setting to check.
 *
 * <h2>The event-bus layer</h2>
 *
 * {@link io.switchboard.cluster.EventBusLayer} (backend {@code eventbus}, {@code SWITCHBOARD_LAYER=eventbus}) maps
 * channels and groups onto event-bus addresses: one publish per {@code groupSend}, delivered once per node with
 * members, fanned out locally; one encoding per message. Its javadoc lists where it departs from the Channels
 * contract.
 */
@ModuleGen(name = "switchboard-cluster", groupPackage = "io.switchboard.cluster")
package io.switchboard.cluster;

import io.vertx.codegen.annotations.ModuleGen;
