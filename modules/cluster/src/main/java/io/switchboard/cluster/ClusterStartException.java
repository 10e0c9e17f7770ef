// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster;

/**
 * A node could not start as a cluster member: a bad cluster configuration, a port in use, or no way to reach the
 * other members within {@link ClusterOptions#getJoinTimeoutSeconds()}. The message names the setting to check.
 */
public final class ClusterStartException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong and which setting to check
     * @param cause the underlying failure, or {@code null}
     */
    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
