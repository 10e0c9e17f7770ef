// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import io.switchboard.layer.ChannelLayerException;

/**
 * Redis could not be reached (connection refused or lost, a timeout, a server still loading its data): the
 * operation was not done. The layer reconnects by itself; while a server is down, operations that need it fail at
 * once with this exception instead of waiting. Made without a stack trace: during an outage it is frequent.
 */
public final class RedisUnavailableException extends ChannelLayerException {

    private final String url;

    /**
     * Creates the exception.
     *
     * @param url the server's URL, password removed
     * @param message what failed, naming the channel or group involved
     * @param cause the client's failure, or {@code null}
     */
    public RedisUnavailableException(String url, String message, Throwable cause) {
        super(message, cause, false);
        this.url = url;
    }

    /**
     * The server that could not be reached.
     *
     * @return its URL, password removed
     */
    public String url() {
        return url;
    }
}
