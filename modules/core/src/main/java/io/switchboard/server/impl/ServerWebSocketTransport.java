// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.TextFrame;
import io.switchboard.spi.TransportEvents;
import io.switchboard.spi.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A {@link WebSocketTransport} over a Vert.x upgrade request: the handshake is held (the request paused) until
 * the consumer accepts or refuses, so a refusal is a plain HTTP response and never an upgrade.
 */
public final class ServerWebSocketTransport implements WebSocketTransport, Handler<WebSocketFrame> {

    private static final System.Logger LOG = System.getLogger(ServerWebSocketTransport.class.getName());

    private final HttpServerRequest request;
    private final KeepAlive keepAlive;
    private final int maxFrameSize;
    private final int maxMessageSize;
    private ServerWebSocket socket;
    /** The socket's Netty channel: its writability is the write queue's, read without the socket's lock. */
    private Channel channel;

    private FrameAssembler assembler;

    private Promise<Void> drained;
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
        channel = consolidateFlushes(ws);
        lastSeen = keepAlive.tick();
        assembler = new FrameAssembler(maxFrameSize, maxMessageSize, events, ws);
        ws.frameHandler(this); // the transport is the handler: one object less per connection than a lambda
        ws.exceptionHandler(err -> LOG.log(Level.DEBUG, "WebSocket error: " + err));
        ws.closeHandler(v -> {
            keepAlive.remove(this);
            releaseWriters();
            Short code = ws.closeStatusCode();
            events.closed(code == null || code < 0 ? CloseCodes.ABNORMAL : code);
        });
        keepAlive.add(this);
    }

    /** A frame from the client: the connection is alive, and the frame goes to the assembler. */
    @Override
    public void handle(WebSocketFrame frame) {
        lastSeen = keepAlive.tick();
        assembler.handle(frame);
    }

    /** Frames of a burst leave in one write; see {@link BurstFlushHandler}. Runs on the socket's event loop. */
    private static Channel consolidateFlushes(ServerWebSocket ws) {
        ChannelHandlerContext handler = ((WebSocketInternal) ws).channelHandlerContext();
        handler.pipeline().addBefore(handler.name(), "switchboard-flush", new BurstFlushHandler());
        return handler.channel();
    }

    @Override
    public Future<Void> reject(int status) {
        return request.response()
                .setStatusCode(status)
                .end(HttpResponseStatus.valueOf(status).reasonPhrase());
    }

    @Override
    public Future<Void> writeText(TextFrame frame) {
        Buffer bytes = frame.utf8();
        if (bytes.length() <= maxFrameSize) {
            // One frame whose payload is shared with every other socket this frame goes to; the public
            // textFrame(String) would encode the text again for each socket
            socket.writeFrame(
                    new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) bytes).getByteBuf(), true));
        } else {
            socket.writeTextMessage(frame.text());
        }
        return afterWrite();
    }

    private Future<Void> afterWrite() {
        // ServerWebSocket.writeQueueFull() takes the socket's lock and throws once it is closed, on every frame
        if (channel.isWritable() || !channel.isActive()) {
            return Future.succeededFuture();
        }
        if (drained == null) {
            Promise<Void> promise = Promise.promise();
            drained = promise;
            socket.drainHandler(v -> releaseWriters());
        }
        return drained.future();
    }

    private void releaseWriters() {
        Promise<Void> waiting = drained;
        drained = null;
        if (waiting != null) {
            waiting.tryComplete();
        }
    }

    @Override
    public Future<Void> writeBinary(Buffer data) {
        socket.writeBinaryMessage(data);
        return afterWrite();
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
