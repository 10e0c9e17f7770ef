// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.consumer.spi.ConsumerMetrics;

/**
 * What the WebSocket server tells a metrics backend: upgrades accepted and refused, sockets closed, frames in and
 * out, and what the consumer runtime tells ({@link ConsumerMetrics}). The launcher implements it on Micrometer and serves it on the
 * management port; {@link #NONE} counts nothing. Called on event loops and consumer workers, once per frame for
 * some methods: implementations MUST return at once and allocate nothing per call (counters, not records).
 */
public interface ServerMetrics extends ConsumerMetrics {

    /** Counts nothing. */
    ServerMetrics NONE = new ServerMetrics() {};

    /** Why an upgrade was refused: a fixed set, so that a label made of it stays small. */
    enum Refusal {
        /** The server is stopping, or suspended while cut off from its cluster (503). */
        STOPPING,
        /** The process holds {@code server.maxConnections} sockets (503). */
        FULL,
        /** The client's address holds {@code server.maxConnectionsPerAddress} sockets (429). */
        ADDRESS_FULL,
        /** The request is not a valid WebSocket upgrade (400, 426). */
        BAD_REQUEST,
        /** Middleware or the consumer refused it, or did not answer in time (403, 500). */
        REJECTED
    }

    /**
     * An upgrade became an open socket.
     *
     * @param handshakeNanos from the upgrade request until the socket opened
     */
    default void accepted(long handshakeNanos) {}

    /**
     * An upgrade was refused.
     *
     * @param reason why
     */
    default void refused(Refusal reason) {}

    /**
     * An open socket closed.
     *
     * @param code the close code, 1006 for a drop without a close frame
     */
    default void closed(int code) {}

    /**
     * A data frame (text, binary or continuation) arrived from a client.
     *
     * @param bytes its payload
     */
    default void received(int bytes) {}

    /**
     * A message was written to a client.
     *
     * @param bytes its payload
     */
    default void sent(int bytes) {}
}
