// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

/** A channel-layer message came with a type the consumer has no handler for, or with no usable type. */
public final class NoHandlerException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message names the type and the consumer class, and says how to register a handler
     */
    public NoHandlerException(String message) {
        super(message, null, false, false);
    }
}
