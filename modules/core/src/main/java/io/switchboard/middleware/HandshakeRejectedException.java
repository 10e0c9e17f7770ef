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
        this(status, "rejected by middleware");
    }

    /**
     * Creates a rejection that says why, for the server's log line.
     *
     * @param status the HTTP status, for example 403
     * @param why a few words for operators: {@code origin 'http://evil.example' is not allowed}
     */
    public HandshakeRejectedException(int status, String why) {
        super(why, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
