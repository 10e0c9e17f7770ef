// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

/** The configuration cannot be used: the message names the key, the value, where it came from, and what is accepted. */
public final class ConfigurationException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
