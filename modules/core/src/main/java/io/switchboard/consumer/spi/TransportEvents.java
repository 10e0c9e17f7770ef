// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.spi;

import io.vertx.core.buffer.Buffer;

/** What a {@link WebSocketTransport} reports after the handshake, on the connection's context. */
public interface TransportEvents {

    /**
     * A whole text message arrived.
     *
     * @param text the message
     */
    void text(String text);

    /**
     * A whole binary message arrived.
     *
     * @param data the message
     */
    void binary(Buffer data);

    /**
     * The socket closed, for any reason. Called once.
     *
     * @param code the peer's close code, 1006 for an abrupt drop, or the code the server closed with
     */
    void closed(int code);
}
