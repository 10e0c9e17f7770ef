// SPDX-License-Identifier: Apache-2.0
/**
 * Routing of connections: {@link io.switchboard.routing.ProtocolRouter} sends plain HTTP to a Vert.x Web router
 * and WebSocket upgrades through middleware to a {@link io.switchboard.routing.UrlRouter}, which picks the
 * consumer factory by path ({@code /ws/chat/{room}/}, typed with {@code {id:int}}, nested with
 * {@code include}).
 *
 * <h2>Handshake outcomes</h2>
 *
 * No route: HTTP 404. Middleware refusal (a cross-site origin) or a consumer that closes before accepting: 403.
 * A failure in middleware or before accept: 500. None of them upgrades the connection.
 *
 * <h2>Wiring checks</h2>
 *
 * {@code build()} fails with the fix when middleware is missing a dependency (auth without a session) or a
 * pattern is malformed or routed twice.
 */
package io.switchboard.routing;
