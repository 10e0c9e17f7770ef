// SPDX-License-Identifier: Apache-2.0
package io.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What {@link VertxInternals} relies on, checked against the Vert.x on the class path: an upgrade that moves it fails here. */
@ExtendWith(VertxExtension.class)
class VertxInternalsTest {

    @Test
    void aNewEventLoopContextRunsItsOwnTimers(Vertx vertx) throws Exception {
        Context context = VertxInternals.newEventLoopContext(vertx);
        assertThat(context.isEventLoopContext()).isTrue();
        assertThat(VertxInternals.newEventLoopContext(vertx)).isNotSameAs(context);

        Promise<Context> timer = Promise.promise();
        VertxInternals.setTimer(context, 1, id -> timer.complete(running()));
        Promise<Context> periodic = Promise.promise();
        long[] id = new long[1];
        id[0] = VertxInternals.setPeriodic(context, 1, t -> {
            vertx.cancelTimer(id[0]);
            periodic.tryComplete(running());
        });
        assertThat(timer.future().await(5, TimeUnit.SECONDS)).isSameAs(context);
        assertThat(periodic.future().await(5, TimeUnit.SECONDS)).isSameAs(context);
    }

    /** The context running now, or the one it duplicates: Vert.x runs timers on a duplicate of their context. */
    private static Context running() {
        return ((ContextInternal) Vertx.currentContext()).unwrap();
    }

    @Test
    void connectionsAndSocketsShowTheirPipelineAndASharedFrameReachesEverySocket(Vertx vertx) throws Exception {
        List<ChannelHandlerContext> connections = new CopyOnWriteArrayList<>();
        List<List<String>> pipelines = new CopyOnWriteArrayList<>();
        List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
        Promise<Void> twoOpen = Promise.promise();
        HttpServer server = vertx.createHttpServer(
                        new HttpServerOptions().setPerMessageWebSocketCompressionSupported(true))
                .connectionHandler(connection -> {
                    ChannelHandlerContext handler = VertxInternals.channelHandlerContext(connection);
                    connections.add(handler);
                    pipelines.add(handler.pipeline().names());
                })
                .webSocketHandler(ws -> {
                    sockets.add(ws);
                    if (sockets.size() == 2) {
                        twoOpen.complete();
                    }
                });
        int port = server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS).actualPort();
        WebSocketClient client = vertx.createWebSocketClient();
        List<Promise<String>> received = List.of(Promise.promise(), Promise.promise());
        for (Promise<String> text : received) {
            WebSocket ws = client.connect(port, "127.0.0.1", "/").await(5, TimeUnit.SECONDS);
            ws.textMessageHandler(text::tryComplete);
        }
        twoOpen.future().await(5, TimeUnit.SECONDS);

        assertThat(connections).hasSize(2).doesNotContainNull();
        assertThat(pipelines.get(0))
                .as("the handlers Pipelines finds by name")
                .contains(VertxInternals.HTTP_DECODER, VertxInternals.WEBSOCKET_EXTENSIONS);
        for (ServerWebSocket ws : sockets) {
            ChannelHandlerContext handler = VertxInternals.channelHandlerContext(ws);
            assertThat(handler.channel().isActive()).isTrue();
        }

        Buffer utf8 = Buffer.buffer("héllo, all");
        Context loop = vertx.getOrCreateContext();
        Future<Void> written = Future.future(p -> loop.runOnContext(v -> {
            sockets.forEach(ws -> ws.writeFrame(VertxInternals.sharedTextFrame(utf8)));
            p.complete();
        }));
        written.await(5, TimeUnit.SECONDS);
        for (Promise<String> text : received) {
            assertThat(text.future().await(5, TimeUnit.SECONDS)).isEqualTo("héllo, all");
        }
        assertThat(VertxInternals.byteBuf(utf8).refCnt())
                .as("writing shares the bytes, never frees them")
                .isPositive();
    }

    @Test
    void anEventLoopReportsQueuedTasks(Vertx vertx) throws Exception {
        Context context = VertxInternals.newEventLoopContext(vertx);
        EventLoop loop = (EventLoop) ((ContextInternal) context).nettyEventLoop();
        Promise<Boolean> queued = Promise.promise();
        context.runOnContext(v -> {
            loop.execute(() -> {});
            queued.complete(VertxInternals.hasQueuedTasks(loop));
        });
        assertThat(queued.future().await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aVertxThatIsNotClusteredHasNoClusterManager(Vertx vertx) {
        assertThat(VertxInternals.clusterManager(vertx)).isNull();
    }
}
