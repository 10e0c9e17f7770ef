// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

/** Carries the HTTP status of a refused handshake from middleware to the router; has no stack trace. */
public final class HandshakeRejectedException extends RuntimeException {

    private final int status;

    /**
     * Creates the rejection.
     *
     * @param status the HTTP status to answer with
     */
    public HandshakeRejectedException(int status) {
        super("Handshake rejected with HTTP " + status, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
