// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.TextFrame;
import io.switchboard.consumer.spi.TransportEvents;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.switchboard.internal.VertxInternals;
import io.switchboard.server.ServerMetrics;
import io.switchboard.server.ServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebSocketTransport} over a Vert.x upgrade request: the handshake is held (the request paused) until
 * the consumer accepts or refuses, so a refusal is a plain HTTP response and never an upgrade. Once open, the
 * socket is guarded ({@link WebSocketGuard}) and its frames rate-limited ({@link InboundRate}). Writes never wait:
 * the outbound budget bounds what a slow client can make the server hold, and closes it with 4000 past it.
 */
public final class ServerWebSocketTransport
        implements WebSocketTransport, Handler<WebSocketFrame>, WebSocketGuard.Violations {

    private static final Logger LOG = LoggerFactory.getLogger(ServerWebSocketTransport.class);
    private static final Buffer MESSAGES_LIMITED =
            Buffer.buffer("{\"error\":\"rate_limited\",\"limit\":\"" + InboundRate.MESSAGES + "\"}");
    private static final Buffer BYTES_LIMITED =
            Buffer.buffer("{\"error\":\"rate_limited\",\"limit\":\"" + InboundRate.BYTES + "\"}");
    /** How long a client that broke a rule has to take its close frame before its TCP connection is cut. */
    private static final long CUT_AFTER_MILLIS = 1_000;

    private final HttpServerRequest request;
    private final KeepAlive keepAlive;
    private final ServerOptions options;
    private final String client;
    private final ConnectionRegistry registry;
    private final ServerMetrics metrics;
    private final Runnable freeSlot;
    /** When the upgrade request arrived, for the handshake's duration. */
    private final long requested = System.nanoTime();

    private ServerWebSocket socket;
    private FrameAssembler assembler;
    private InboundRate rate;
    /** Frames over the rate limit since the client last backed off; the second closes the socket. */
    private int overLimit;
    /** The code this side closed with, for when the client does not echo it. */
    private int closedWith;

    private boolean slotFreed;
    private boolean held = true;
    private long lastSeen;

    /**
     * Wraps an upgrade request; the caller has paused it and counted it with {@link Admission}.
     *
     * @param request the upgrade request
     * @param keepAlive pings and idle checks for the socket once open
     * @param options the server's limits
     * @param client the client's address, for logs
     * @param registry holds the connection until {@link #released()}
     * @param metrics where the handshake, frames and close are counted
     * @param freeSlot run once when the upgrade is refused or the socket closes: the client may connect again
     */
    public ServerWebSocketTransport(
            HttpServerRequest request,
            KeepAlive keepAlive,
            ServerOptions options,
            String client,
            ConnectionRegistry registry,
            ServerMetrics metrics,
            Runnable freeSlot) {
        this.metrics = metrics;
        this.request = request;
        this.keepAlive = keepAlive;
        this.options = options;
        this.client = client;
        this.registry = registry;
        this.freeSlot = freeSlot;
        registry.opened();
    }

    @Override
    public Future<Void> accept(String subprotocol, Map<String, String> headers, TransportEvents events) {
        headers.forEach((name, value) -> request.response().headers().add(name, value));
        if (subprotocol != null) {
            // Netty picks from the server's fixed list; the consumer's choice is written as a response header
            request.response().headers().set("Sec-WebSocket-Protocol", subprotocol);
        }
        return request.toWebSocket()
                .onFailure(err -> {
                    freeSlotOnce();
                    events.closed(CloseCodes.ABNORMAL);
                })
                .map(ws -> {
                    open(ws, events);
                    return null;
                });
    }

    private void open(ServerWebSocket ws, TransportEvents events) {
        socket = ws;
        metrics.accepted(System.nanoTime() - requested);
        Pipelines.guard(ws, options.getOutboundBudget(), this);
        lastSeen = keepAlive.tick();
        rate = InboundRate.of(options);
        assembler = new FrameAssembler(options.getMaxFrameSize(), options.getMaxMessageSize(), events, this);
        ws.frameHandler(this); // the transport is the handler: one object less per connection than a lambda
        ws.exceptionHandler(err -> LOG.debug("WebSocket error: {}", err.toString()));
        ws.closeHandler(v -> {
            keepAlive.remove(this);
            freeSlotOnce();
            // Vert.x says 1006 when the client sent no close frame; the code this side closed with says more
            Short code = ws.closeStatusCode();
            boolean echoed = code != null && code >= 0 && code != CloseCodes.ABNORMAL;
            int closedCode = echoed ? code : closedWith != 0 ? closedWith : CloseCodes.ABNORMAL;
            metrics.closed(closedCode);
            if (closedCode == CloseCodes.ABNORMAL) {
                ClientWarnings.warn(
                        client,
                        "WebSocket " + request.path() + " from " + client + " dropped without a close frame (1006)");
            }
            events.closed(closedCode);
        });
        keepAlive.add(this);
    }

    /** A frame from the client: the connection is alive, and the frame goes to the assembler if within its rate. */
    @Override
    public void handle(WebSocketFrame frame) {
        lastSeen = keepAlive.tick();
        int bytes = frame.binaryData().length();
        if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
            metrics.received(bytes); // data frames: pings, pongs and the close frame are not traffic
        }
        if (rate != null) {
            String limit = rate.take(bytes);
            if (limit != null) {
                limited(limit);
                return;
            }
            if (overLimit > 0 && rate.rested()) {
                overLimit = 0;
            }
        }
        assembler.handle(frame);
    }

    private void limited(String limit) {
        assembler.discardPartial();
        if (++overLimit == 1) {
            socket.writeTextMessage((limit.equals(InboundRate.MESSAGES) ? MESSAGES_LIMITED : BYTES_LIMITED).toString());
            return;
        }
        violated(CloseCodes.POLICY_VIOLATION, "rate_limited");
    }

    /** Closes the socket for what the client did; one rate-limited WARN line says what. */
    @Override
    public void violated(int code, String reason) {
        if (closedWith != 0 || socket == null) {
            return;
        }
        ClientWarnings.warn(
                client, "WebSocket " + request.path() + " from " + client + " closed with " + code + " " + reason);
        closedWith = code;
        socket.close((short) code, reason);
        // the close frame may wait behind bytes the client does not read: without a cut it would hold the socket for
        // ever
        Pipelines.cutLater(socket, CUT_AFTER_MILLIS);
    }

    @Override
    public Future<Void> reject(int status) {
        freeSlotOnce();
        metrics.refused(ServerMetrics.Refusal.REJECTED);
        if (status == 426) {
            request.response().putHeader("Sec-WebSocket-Version", "13");
        }
        return request.response()
                .setStatusCode(status)
                .end(HttpResponseStatus.valueOf(status).reasonPhrase());
    }

    private void freeSlotOnce() {
        if (!slotFreed) {
            slotFreed = true;
            freeSlot.run();
        }
    }

    @Override
    public void released() {
        if (held) {
            held = false;
            registry.released();
        }
    }

    @Override
    public Future<Void> writeText(TextFrame frame) {
        Buffer bytes = frame.utf8();
        metrics.sent(bytes.length());
        if (bytes.length() <= options.getMaxFrameSize()) {
            // One frame whose payload is shared with every other socket this frame goes to; the public
            // textFrame(String) would encode the text again for each socket
            socket.writeFrame(VertxInternals.sharedTextFrame(bytes));
        } else {
            socket.writeTextMessage(frame.text());
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> writeBinary(Buffer data) {
        metrics.sent(data.length());
        socket.writeBinaryMessage(data);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close(int code, String reason) {
        if (socket == null) {
            return Future.succeededFuture();
        }
        if (closedWith == 0) {
            closedWith = code;
        }
        Future<Void> closed = socket.close((short) code, reason);
        Pipelines.cutLater(socket, CUT_AFTER_MILLIS);
        return closed;
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
        close(CloseCodes.GOING_AWAY, "idle_timeout");
    }
}
