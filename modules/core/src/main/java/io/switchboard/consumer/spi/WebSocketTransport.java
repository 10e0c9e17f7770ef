// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.spi;

import io.switchboard.consumer.TextFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One WebSocket connection as the consumer machinery sees it, before and after the handshake. The server
 * implements it over a Vert.x {@code ServerWebSocket}; the testkit implements it in memory. All methods are
 * called on the connection's context and return immediately.
 *
 * <p>Implementations MUST:
 *
 * <ol>
 *   <li>accept at most once, and refuse every write before {@link #accept} succeeded;
 *   <li>answer {@link #reject} with an HTTP response of that status and never upgrade afterwards;
 *   <li>report every received message and the final close exactly once to the {@link TransportEvents} they were
 *       given at {@link #accept}, on the connection's context.
 * </ol>
 *
 * <p>A connection is held from its handshake until {@link #released()}: the consumer runtime releases it once its
 * consumer's disconnect ran and it left its groups, the router once it refused the handshake without a consumer. A
 * server counts held connections, and a drain waits for them.
 */
public interface WebSocketTransport {

    /**
     * Completes the handshake.
     *
     * @param subprotocol the subprotocol to answer with, or {@code null}
     * @param headers extra response headers
     * @param events where received messages and the close go from now on
     * @return a future completed once the socket is open
     */
    Future<Void> accept(String subprotocol, Map<String, String> headers, TransportEvents events);

    /**
     * Refuses the handshake with an HTTP status (403 for a consumer that closes before accepting).
     *
     * @param status the HTTP status
     * @return a future completed once the response is written
     */
    Future<Void> reject(int status);

    /**
     * Writes a text message. The same frame may be written to many sockets; its bytes are shared.
     *
     * @param frame the message
     * @return a future completed once the frame is queued; it never waits for a slow client, whose queue is
     *     bounded by the outbound budget instead (past it the socket closes with 4000 too_slow)
     */
    Future<Void> writeText(TextFrame frame);

    /**
     * Writes a binary message.
     *
     * @param data the message
     * @return a future completed once the frame is queued, as {@link #writeText}
     */
    Future<Void> writeBinary(Buffer data);

    /**
     * Closes an accepted socket with a code and a short reason.
     *
     * @param code the WebSocket close code
     * @param reason a short snake_case reason, at most 123 bytes, or {@code null}
     * @return a future completed once the close frame is written
     */
    Future<Void> close(int code, String reason);

    /** Stops reading from the peer: the consumer is behind. */
    void pause();

    /** Reads from the peer again. */
    void resume();

    /** Nobody holds the connection any more; called once, on the connection's context. */
    default void released() {}
}
