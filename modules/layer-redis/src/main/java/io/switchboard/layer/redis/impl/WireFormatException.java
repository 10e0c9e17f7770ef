// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

/** Bytes read from Redis that are not a channels_redis message: not msgpack, not a map, or a non-string key. */
public final class WireFormatException extends Exception {

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the bytes
     * @param cause the decoder's failure, or {@code null}
     */
    public WireFormatException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
