// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.consumer.CloseCodes;
import io.switchboard.spi.TransportEvents;
import io.switchboard.spi.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A {@link WebSocketTransport} over a Vert.x upgrade request: the handshake is held (the request paused) until
 * the consumer accepts or refuses, so a refusal is a plain HTTP response and never an upgrade.
 */
public final class ServerWebSocketTransport implements WebSocketTransport {

    private static final System.Logger LOG = System.getLogger(ServerWebSocketTransport.class.getName());

    private final HttpServerRequest request;
    private final KeepAlive keepAlive;
    private final int maxFrameSize;
    private final int maxMessageSize;
    private ServerWebSocket socket;
    private long lastSeen;

    /**
     * Wraps an upgrade request; the caller has paused it.
     *
     * @param request the upgrade request
     * @param keepAlive pings and idle checks for the socket once open
     * @param maxFrameSize the largest frame, in bytes
     * @param maxMessageSize the largest message, in bytes
     */
    public ServerWebSocketTransport(
            HttpServerRequest request, KeepAlive keepAlive, int maxFrameSize, int maxMessageSize) {
        this.request = request;
        this.keepAlive = keepAlive;
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public Future<Void> accept(String subprotocol, Map<String, String> headers, TransportEvents events) {
        headers.forEach((name, value) -> request.response().headers().add(name, value));
        if (subprotocol != null) {
            // Netty picks from the server's fixed list; the consumer's choice is written as a response header
            request.response().headers().set("Sec-WebSocket-Protocol", subprotocol);
        }
        return request.toWebSocket()
                .onFailure(err -> events.closed(CloseCodes.ABNORMAL))
                .map(ws -> {
                    open(ws, events);
                    return null;
                });
    }

    private void open(ServerWebSocket ws, TransportEvents events) {
        socket = ws;
        lastSeen = keepAlive.tick();
        FrameAssembler assembler = new FrameAssembler(
                maxFrameSize,
                maxMessageSize,
                events,
                () -> ws.close((short) CloseCodes.MESSAGE_TOO_BIG, "message_too_large"));
        ws.frameHandler(frame -> {
            lastSeen = keepAlive.tick();
            assembler.handle(frame);
        });
        ws.exceptionHandler(err -> LOG.log(Level.DEBUG, "WebSocket error: " + err));
        ws.closeHandler(v -> {
            keepAlive.remove(this);
            Short code = ws.closeStatusCode();
            events.closed(code == null || code < 0 ? CloseCodes.ABNORMAL : code);
        });
        keepAlive.add(this);
    }

    @Override
    public Future<Void> reject(int status) {
        return request.response()
                .setStatusCode(status)
                .end(HttpResponseStatus.valueOf(status).reasonPhrase());
    }

    @Override
    public Future<Void> writeText(String text) {
        return socket.writeTextMessage(text);
    }

    @Override
    public Future<Void> writeBinary(Buffer data) {
        return socket.writeBinaryMessage(data);
    }

    @Override
    public Future<Void> close(int code, String reason) {
        return socket == null ? Future.succeededFuture() : socket.close((short) code, reason);
    }

    @Override
    public void pause() {
        if (socket != null) {
            socket.pause();
        }
    }

    @Override
    public void resume() {
        if (socket != null) {
            socket.resume();
        }
    }

    long lastSeen() {
        return lastSeen;
    }

    void ping() {
        socket.writePing(Buffer.buffer());
    }

    void closeIdle() {
        socket.close((short) CloseCodes.GOING_AWAY, "idle_timeout");
    }
}
