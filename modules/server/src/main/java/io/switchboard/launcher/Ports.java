// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import java.net.BindException;

/** Says which setting to change when a port cannot be bound. */
final class Ports {

    private Ports() {}

    /**
     * The failure to report for a listen that failed: a {@link ConfigurationException} naming the port and its
     * setting when the port is taken, else the failure itself.
     *
     * @param failure why the listen failed
     * @param host the address
     * @param port the port
     * @param key the setting's key
     * @param variable the setting's environment variable
     * @return the failure to report
     */
    static Throwable inUse(Throwable failure, String host, int port, String key, String variable) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new ConfigurationException(
                        "Port " + port + " on " + host + " is in use (" + key + "): stop the process that holds it,"
                                + " or choose another port with " + variable,
                        null);
            }
        }
        return failure;
    }
}
