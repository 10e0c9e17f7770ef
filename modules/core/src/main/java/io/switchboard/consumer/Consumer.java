// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the framework drives: one instance per connection, made by the route's factory
 * ({@code ChatConsumer::new}) and living on one context for its whole life. Users extend
 * {@link WebSocketConsumer}, {@link JsonWebSocketConsumer}, {@link SyncWebSocketConsumer} or
 * {@link SyncJsonWebSocketConsumer} rather than implement this.
 *
 * <p>The framework calls these methods on the connection's event loop, one at a time and in arrival order: it
 * waits for each returned future before it delivers the next event, so a consumer never sees two events at once.
 * The method names follow the ASGI events they stand for.
 */
public interface Consumer {

    /**
     * The groups the connection joins before {@link #websocketConnect} and leaves after
     * {@link #websocketDisconnect}: Channels' {@code groups} attribute.
     *
     * @return group names; empty by default
     */
    default List<String> groups() {
        return List.of();
    }

    /**
     * A client asks to connect ({@code websocket.connect}). The consumer accepts or closes through the connection;
     * until then the handshake waits, up to the handshake timeout.
     *
     * @param connection the connection, to keep for the consumer's life
     * @return a future completed when the event is handled
     */
    Future<Void> websocketConnect(ConsumerConnection connection);

    /**
     * A message arrived from the client ({@code websocket.receive}): exactly one of the two is non-null.
     *
     * @param text a text message, or {@code null}
     * @param data a binary message, or {@code null}
     * @return a future completed when the event is handled
     */
    Future<Void> websocketReceive(String text, Buffer data);

    /**
     * The socket closed ({@code websocket.disconnect}); the last event.
     *
     * @param code the close code; 1006 when the connection dropped
     * @return a future completed when the event is handled
     */
    Future<Void> websocketDisconnect(int code);

    /**
     * A channel-layer message for this connection's channel or one of its groups.
     *
     * @param message the message with its {@code type}; read-only
     * @return a future completed when the event is handled; it fails with
     *     {@link NoHandlerException} when the consumer has no handler for the type
     */
    Future<Void> dispatch(JsonObject message);
}
