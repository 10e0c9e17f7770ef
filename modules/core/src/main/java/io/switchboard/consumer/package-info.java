// SPDX-License-Identifier: Apache-2.0
/**
 * Consumers: one object per WebSocket connection, Django Channels' model on Vert.x.
 *
 * <h2>Lifecycle</h2>
 *
 * A route's factory ({@code ChatConsumer::new}) makes a consumer for each connection during the handshake. The
 * connection gets a channel on the layer and joins the consumer's {@code groups()}, then {@code connect()} runs:
 * it accepts (optionally with a subprotocol and headers) or closes, which refuses the handshake with HTTP 403.
 * Then each client message and each layer message is handled, one at a time, in arrival order. When the socket
 * closes for any reason, {@code disconnect(code)} runs, the connection leaves every group it joined and its
 * channel stops receiving.
 *
 * <h2>Threads</h2>
 *
 * {@link io.switchboard.consumer.WebSocketConsumer} and {@link io.switchboard.consumer.JsonWebSocketConsumer}
 * run on the connection's event loop and must not block. {@link io.switchboard.consumer.SyncWebSocketConsumer}
 * and {@link io.switchboard.consumer.SyncJsonWebSocketConsumer} run on the consumer worker pool and may block;
 * one connection's handlers never overlap.
 *
 * <h2>Groups and message types</h2>
 *
 * Layer messages carry a {@code type} such as {@code chat.message}; the consumer registers a handler for it with
 * {@code on("chat.message", ...)}, and {@code chat_message} names the same handler. Messages delivered to
 * handlers are read-only: members of a group share one copy.
 *
 * <h2>Errors</h2>
 *
 * A handler that throws closes its connection with 1011 {@code internal_error}; a message type without a
 * handler closes it with 1011 {@code unknown_type}. Both are logged once with the connection id and consumer
 * class. Other connections are not affected. JSON consumers answer bad frames with an error frame and keep the
 * connection.
 *
 * <h2>Testing</h2>
 *
 * {@code io.switchboard.testkit.WebSocketCommunicator} drives a consumer through its router without a network.
 */
package io.switchboard.consumer;
