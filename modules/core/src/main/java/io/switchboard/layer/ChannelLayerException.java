// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/** Base of the run-time failures a channel layer reports through failed futures. */
public class ChannelLayerException extends RuntimeException {

    /**
     * Creates an exception with a stack trace.
     *
     * @param message what went wrong, naming the channel, group or backend involved
     * @param cause the underlying failure, or {@code null}
     */
    public ChannelLayerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception, optionally without a stack trace for frequent, expected failures.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     * @param stackTrace whether to fill in the stack trace
     */
    protected ChannelLayerException(String message, Throwable cause, boolean stackTrace) {
        super(message, cause, false, stackTrace);
    }
}
