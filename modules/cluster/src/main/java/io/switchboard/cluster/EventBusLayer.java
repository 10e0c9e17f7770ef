// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster;

import io.switchboard.cluster.impl.EventBusChannelLayer;
import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.LayerStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The channel layer over the Hazelcast-clustered Vert.x event bus, backend name {@value #BACKEND}
 * ({@code SWITCHBOARD_LAYER=eventbus}): channels and groups that span every node of the cluster.
 *
 * <p>How it routes. A consumer's channel ({@code specific.<instance>!<local>}) needs no cluster registration: each
 * layer instance registers one event-bus address for its process-specific prefix and sorts messages to its
 * channels itself. A normal channel is the event-bus address of its name, registered by each process that receives
 * on it. A group is an address that every process with members registers once, whatever its number of members
 * there. {@code groupSend} hands the message to the members in this process, then makes one publish: the cluster
 * delivers it once to every other process with members, and each fans out locally. No list of members is read
 * anywhere. A message is encoded once per {@code groupSend} and decoded once per receiving process; every local
 * member gets the same read-only {@code JsonObject} (call {@code copy()} to change it).
 *
 * <p>Where it departs from the Channels contract, with the nearest behaviour it gives (the contract suite declares
 * the two marked <i>declared</i>; the module README says the same):
 *
 * <ul>
 *   <li><b>Capacity</b> is kept per channel by the process that reads it (for {@code !} names: per channel, not
 *       per process). {@code send} waits for that process's acknowledgement, so {@link ChannelFullException} is
 *       exact; a group member over capacity is skipped and counted in {@link LayerStats#droppedFull()}.
 *   <li><b>Expiry</b> counts from when a message reaches the process that holds it, not from the send.
 *   <li><b>No reader yet</b>: a message to a normal channel that no process reads waits in the sending process
 *       (capacity and expiry apply) and is passed on in order once a process starts reading the channel; it is
 *       lost if the sending process dies first. A message to a process-specific channel whose process is gone is
 *       dropped. {@code receive} keeps its process a reader of the channel until it has been idle for the expiry.
 *   <li><b>Expired messages do not end memberships</b> (<i>declared</i>), as in channels_redis: a channel leaves
 *       its groups by {@code groupDiscard}, a cancelled subscription, or the group expiry.
 *   <li><b>Waiter order</b> (<i>declared</i>): {@code receive} calls waiting in different processes are served in
 *       the event bus's round-robin order; within one process, in the order they were made.
 *   <li><b>Memberships live where {@code groupAdd} ran</b>, and group expiry is enforced there, exactly. A
 *       {@code groupDiscard} from another process is passed to the group's processes without waiting for them;
 *       a channel added to one group from two processes gets each message twice.
 *   <li><b>Propagation</b>: a process that joins a group is seen by other processes' sends once the cluster
 *       manager has spread its registration (milliseconds). A killed process stops receiving once the cluster
 *       notices (the Hazelcast member timeout), and its memberships vanish with it. {@code groupSend} completes
 *       once the members here have the message and the publish is handed to the event bus; {@code flush} empties
 *       this process at once and the others moments later.
 * </ul>
 *
 * <p>Configuration (the {@code layer} section): {@code capacity}, {@code expiry}, {@code groupExpiry},
 * {@code channelCapacity} as for every backend ({@link ChannelLayerOptions}); {@code addressPrefix}, the start of
 * every event-bus address the layer uses (default {@value #DEFAULT_ADDRESS_PREFIX}); {@code sendTimeout}, seconds
 * {@code send} waits for the receiving process to acknowledge (default {@value #DEFAULT_SEND_TIMEOUT_SECONDS}).
 */
public final class EventBusLayer {

    /** The backend's name in configuration. */
    public static final String BACKEND = "eventbus";
    /** Default start of the layer's event-bus addresses. */
    public static final String DEFAULT_ADDRESS_PREFIX = "switchboard.layer";
    /** Default time {@code send} waits for an acknowledgement, in seconds. */
    public static final long DEFAULT_SEND_TIMEOUT_SECONDS = 10;

    private EventBusLayer() {}

    /**
     * Makes an event-bus layer with default options. Returns immediately.
     *
     * @param vertx a clustered Vert.x, for example from {@link ClusteredVertx#start}
     * @return a future of the ready layer; it fails with {@link InvalidChannelLayerException} if {@code vertx} is
     *     not clustered
     */
    public static Future<ChannelLayer> create(Vertx vertx) {
        return create(vertx, new ChannelLayerOptions());
    }

    /**
     * Makes an event-bus layer. Returns immediately.
     *
     * @param vertx a clustered Vert.x, for example from {@link ClusteredVertx#start}
     * @param options capacity, expiry and group expiry
     * @return a future of the ready layer; it fails with {@link InvalidChannelLayerException} if {@code vertx} is
     *     not clustered
     */
    public static Future<ChannelLayer> create(Vertx vertx, ChannelLayerOptions options) {
        return EventBusChannelLayer.create(vertx, options, DEFAULT_ADDRESS_PREFIX, DEFAULT_SEND_TIMEOUT_SECONDS * 1000);
    }
}
