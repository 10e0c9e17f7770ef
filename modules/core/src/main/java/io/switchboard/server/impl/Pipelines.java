// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.internal.VertxInternals;
import io.switchboard.server.ServerOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.TimeUnit;

/**
 * The one place that works on a connection's Netty pipeline, reached through {@link VertxInternals}. Each use says why;
 * {@code HostileFramesTest} (the deflate bomb, slowloris, the unread close frame) fails if a Vert.x upgrade moves what
 * these rely on (handler names and types).
 */
public final class Pipelines {

    private static final String EXTENSIONS = VertxInternals.WEBSOCKET_EXTENSIONS;
    private static final String HTTP_DECODER = VertxInternals.HTTP_DECODER;
    /** Ours: the {@link RequestDeadline} of a connection that has not sent a request head yet. */
    static final String DEADLINE = "switchboard-deadline";
    /** Ours: the {@link WebSocketGuard} of an open WebSocket. */
    static final String GUARD = "switchboard-guard";

    private Pipelines() {}

    /**
     * Prepares a new HTTP/1 connection: the request deadline (slowloris), and, with compression on, an inflater
     * that stops at the largest message. Vert.x builds its permessage-deflate handshaker without Netty's
     * {@code maxAllocation}, so a small frame could inflate to gigabytes on the event loop. Call from the
     * server's connection handler, which Vert.x runs before the connection's first read.
     *
     * @param connection the new connection
     * @param options the server's settings
     * @param closed run once when the TCP connection closes, even after it became a WebSocket (Vert.x's own close
     *     handler of an HTTP connection is gone from the pipeline by then)
     */
    public static void prepare(HttpConnection connection, ServerOptions options, Runnable closed) {
        ChannelHandlerContext http = VertxInternals.channelHandlerContext(connection);
        if (http == null) {
            connection.closeHandler(v -> closed.run());
            return; // HTTP/2 carries no WebSocket upgrade here
        }
        http.channel().closeFuture().addListener(f -> closed.run());
        ChannelPipeline pipeline = http.pipeline();
        if (pipeline.get(HTTP_DECODER) != null) {
            pipeline.addAfter(HTTP_DECODER, DEADLINE, new RequestDeadline(options.getRequestTimeout() * 1000L));
        }
        if (options.isCompression() && pipeline.get(EXTENSIONS) != null) {
            pipeline.replace(
                    EXTENSIONS,
                    EXTENSIONS,
                    new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                            HttpServerOptions.DEFAULT_WEBSOCKET_COMPRESSION_LEVEL,
                            ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                            false,
                            false,
                            options.getMaxMessageSize())));
        }
    }

    /**
     * Disarms the request deadline of a request's connection: its head has arrived. The deadline also disarms
     * itself when it sees the head go by, but a head that Vert.x decoded while it set the connection up passes before
     * the deadline is in place. Call from the request handler, on the request's event loop.
     *
     * @param request any request
     */
    public static void headArrived(HttpServerRequest request) {
        ChannelHandlerContext http = VertxInternals.channelHandlerContext(request.connection());
        if (http != null) {
            ChannelPipeline pipeline = http.pipeline();
            if (pipeline.get(DEADLINE) != null) {
                pipeline.remove(DEADLINE);
            }
        }
    }

    /**
     * Guards an open WebSocket: UTF-8 validation of text frames (Vert.x installs none), the {@link WebSocketGuard},
     * and the {@link BurstFlushHandler}, all just in front of Vert.x's own handler; and the HTTP idle timeout taken
     * off, since the keep-alive governs open sockets. Call on the socket's event loop.
     *
     * @param ws the socket, just upgraded
     * @param budget the outbound budget, in bytes
     * @param violations told when the socket must close
     * @return the socket's channel
     */
    static Channel guard(ServerWebSocket ws, long budget, WebSocketGuard.Violations violations) {
        ChannelHandlerContext handler = VertxInternals.channelHandlerContext(ws);
        ChannelPipeline pipeline = handler.pipeline();
        IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
        if (idle != null) {
            pipeline.remove(idle);
        }
        pipeline.addBefore(handler.name(), "switchboard-utf8", new Utf8FrameValidator(false));
        pipeline.addBefore(handler.name(), GUARD, new WebSocketGuard(budget, violations));
        pipeline.addBefore(handler.name(), "switchboard-flush", new BurstFlushHandler());
        return handler.channel();
    }

    /**
     * Closes a guarded socket's TCP connection after a delay, unless it closed by then. The close starts below Vert.x's
     * handler: through the whole pipeline it would only wait for the close handshake that Vert.x has under way, whose
     * timeout Vert.x starts once the close frame is written, which for a client that does not read is never.
     *
     * @param ws the socket, guarded
     * @param delayMillis how long it has to close by itself
     */
    static void cutLater(ServerWebSocket ws, long delayMillis) {
        Channel channel = VertxInternals.channelHandlerContext(ws).channel();
        channel.eventLoop()
                .schedule(
                        () -> {
                            ChannelHandlerContext guard = channel.pipeline().context(GUARD);
                            if (guard != null) {
                                guard.close();
                            }
                        },
                        delayMillis,
                        TimeUnit.MILLISECONDS);
    }
}
