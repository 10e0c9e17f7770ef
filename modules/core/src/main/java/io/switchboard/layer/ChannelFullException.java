// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/** A send found the channel at its capacity. Made without a stack trace: it is frequent and expected. */
public final class ChannelFullException extends ChannelLayerException {

    private final String channel;

    /**
     * Creates the exception.
     *
     * @param channel the full channel
     * @param capacity its capacity
     */
    public ChannelFullException(String channel, int capacity) {
        super("Channel '" + channel + "' is full (capacity " + capacity + ")", null, false);
        this.channel = channel;
    }

    /**
     * The channel that was full.
     *
     * @return the channel name
     */
    public String channel() {
        return channel;
    }
}
