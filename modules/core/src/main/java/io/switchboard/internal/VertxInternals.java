// SPDX-License-Identifier: Apache-2.0
package io.switchboard.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * Everything Switchboard takes from below Vert.x's public API, in one class; each use says why. Two of them live
 * in packages Vert.x's module does not export ({@code http.impl}, {@code http.impl.ws}): the build compiles this
 * class with {@code --add-exports}, and a module-path launch needs the same flags. {@code VertxInternalsTest} fails
 * if a Vert.x upgrade changes what these rely on.
 */
public final class VertxInternals {

    /** Vert.x's name for its HTTP/1 request decoder in a connection's pipeline (HttpServerConnectionInitializer). */
    public static final String HTTP_DECODER = "httpDecoder";
    /** Vert.x's name for its WebSocket extension handler in an HTTP/1 pipeline (HttpServerConnectionHandler). */
    public static final String WEBSOCKET_EXTENSIONS = "webSocketExtensionHandler";

    private VertxInternals() {}

    /**
     * A new event-loop context, owned by no verticle. The public API gives only the calling thread's context, and a
     * verticle's context cancels its timers when the verticle is undeployed: a layer outlives any verticle.
     *
     * @param vertx the Vert.x instance
     * @return a fresh event-loop context on the next event loop
     */
    public static Context newEventLoopContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /**
     * Runs a task on a context: at once when the calling thread is that context's event loop, else queued there. The
     * public {@code runOnContext} always queues, a hop a layer's hot path pays on every call.
     *
     * @param context an event-loop context
     * @param task the task
     */
    public static void emit(Context context, Runnable task) {
        ((ContextInternal) context).emit(v -> task.run());
    }

    /**
     * Sets a periodic timer that fires on a given context; the public API sets timers on the caller's context.
     *
     * @param context the context, for example one from {@link #newEventLoopContext}
     * @param periodMillis the period
     * @param handler runs on {@code context}
     * @return the timer's id, for {@link Vertx#cancelTimer}
     */
    public static long setPeriodic(Context context, long periodMillis, Handler<Long> handler) {
        return ((ContextInternal) context).setPeriodic(periodMillis, handler);
    }

    /**
     * Sets a timer that fires on a given context; the public API sets timers on the caller's context.
     *
     * @param context the context, for example one from {@link #newEventLoopContext}
     * @param delayMillis the delay
     * @param handler runs on {@code context}
     * @return the timer's id, for {@link Vertx#cancelTimer}
     */
    public static long setTimer(Context context, long delayMillis, Handler<Long> handler) {
        return ((ContextInternal) context).setTimer(delayMillis, handler);
    }

    /**
     * The Netty handler context of a server HTTP/1 connection, to guard its pipeline (request deadline, bounded
     * inflater) before its first read; Vert.x offers no hook for either.
     *
     * @param connection a server connection
     * @return its handler context, or {@code null} for an HTTP/2 connection
     */
    public static ChannelHandlerContext channelHandlerContext(HttpConnection connection) {
        return connection instanceof HttpServerConnection http ? http.channelHandlerContext() : null;
    }

    /**
     * The Netty handler context of an open WebSocket, to add UTF-8 validation, the outbound budget and burst flushing
     * in front of Vert.x's handler.
     *
     * @param ws a WebSocket
     * @return its handler context
     */
    public static ChannelHandlerContext channelHandlerContext(WebSocket ws) {
        return ((WebSocketInternal) ws).channelHandlerContext();
    }

    /**
     * A final text frame over bytes already encoded: the one frame of a group message goes to every socket sharing
     * its bytes, where the public {@code WebSocketFrame.textFrame(String, boolean)} would encode the text again for
     * each socket.
     *
     * @param utf8 the text's UTF-8 bytes, valid
     * @return the frame; writing it does not release the bytes
     */
    public static WebSocketFrame sharedTextFrame(Buffer utf8) {
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, byteBuf(utf8), true);
    }

    /**
     * @param buffer a buffer
     * @return the Netty buffer under it, without a copy
     */
    public static ByteBuf byteBuf(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf();
    }

    /**
     * Whether an event loop has tasks queued, for burst flushing: a socket flushes at once when nothing else waits.
     * Vert.x's loops are Netty's single-thread executors; another kind counts as idle, which only flushes sooner.
     *
     * @param loop an event loop
     * @return whether tasks are queued on it
     */
    public static boolean hasQueuedTasks(EventLoop loop) {
        return loop instanceof SingleThreadEventExecutor executor && executor.pendingTasks() > 0;
    }

    /**
     * The cluster manager of a clustered Vert.x, to read the membership and the Hazelcast instance; the public API
     * has neither.
     *
     * @param vertx the Vert.x instance
     * @return its cluster manager, or {@code null} when not clustered
     */
    public static ClusterManager clusterManager(Vertx vertx) {
        return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    }
}
