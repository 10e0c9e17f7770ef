// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.switchboard.layer.impl.BlockingWait;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking view of a {@link ChannelLayer} for sync consumers and other worker-thread code: the same methods,
 * returning values instead of futures. Each call runs the async method on an event loop and waits for it.
 *
 * <p>Blocking: call only from a worker thread; on an event loop every method throws {@link IllegalStateException}.
 */
public final class SyncChannelLayer {

    /** How long a call waits unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ChannelLayer layer;
    private final Context context;
    private final Duration timeout;

    /**
     * Wraps a layer.
     *
     * @param layer the async layer
     * @param context an event-loop context to run its calls on
     * @param timeout how long each call may wait
     */
    public SyncChannelLayer(ChannelLayer layer, Context context, Duration timeout) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.context = Objects.requireNonNull(context, "context");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return the async layer behind this view */
    public ChannelLayer async() {
        return layer;
    }

    /**
     * Blocking {@link ChannelLayer#send}.
     *
     * @param channel a valid channel name
     * @param message the message
     * @throws ChannelFullException when the channel is full
     */
    public void send(String channel, JsonObject message) {
        BlockingWait.await(context, () -> layer.send(channel, message), timeout);
    }

    /**
     * Blocking {@link ChannelLayer#receive}.
     *
     * @param channel a valid channel name
     * @return the next message
     */
    public JsonObject receive(String channel) {
        return BlockingWait.await(context, () -> layer.receive(channel), timeout);
    }

    /** @return a fresh process-specific channel name */
    public String newChannel() {
        return BlockingWait.await(context, layer::newChannel, timeout);
    }

    /**
     * Blocking {@link ChannelLayer#groupAdd}.
     *
     * @param group a valid group name
     * @param channel a valid channel name
     */
    public void groupAdd(String group, String channel) {
        BlockingWait.await(context, () -> layer.groupAdd(group, channel), timeout);
    }

    /**
     * Blocking {@link ChannelLayer#groupDiscard}.
     *
     * @param group a valid group name
     * @param channel a valid channel name
     */
    public void groupDiscard(String group, String channel) {
        BlockingWait.await(context, () -> layer.groupDiscard(group, channel), timeout);
    }

    /**
     * Blocking {@link ChannelLayer#groupSend}.
     *
     * @param group a valid group name
     * @param message the message
     */
    public void groupSend(String group, JsonObject message) {
        BlockingWait.await(context, () -> layer.groupSend(group, message), timeout);
    }

    /** Blocking {@link ChannelLayer#flush}. */
    public void flush() {
        BlockingWait.await(context, layer::flush, timeout);
    }
}
