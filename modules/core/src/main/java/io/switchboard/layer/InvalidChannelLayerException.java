// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/** The configuration asks for a layer that cannot be made: an unknown backend or a bad setting. */
public final class InvalidChannelLayerException extends IllegalStateException {

    /**
     * Creates the exception.
     *
     * @param message names the configuration key, the value, and what is accepted
     */
    public InvalidChannelLayerException(String message) {
        super(message);
    }
}
