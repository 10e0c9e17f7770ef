// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.Scope;
import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.middleware.HandshakeRejectedException;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server runs Vert.x's strict thread mode by default: HTTP answers must be written on the request's event
 * loop. Switchboard's own answers are, even when middleware finishes on another thread; an application that
 * writes from elsewhere gets Vert.x's error, or turns the mode off.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StrictThreadModeTest {

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    /** Middleware that answers from a thread of its own, as a client library with its own threads would. */
    private static Future<Scope> offTheLoop(Scope scope) {
        Promise<Scope> answer = Promise.promise();
        Thread thread = new Thread(() -> {
            if (scope.path().startsWith("/ws/denied/")) {
                answer.fail(new HandshakeRejectedException(403));
            } else {
                answer.complete(scope);
            }
        });
        thread.setName("middleware-" + scope.path());
        thread.start();
        return answer.future();
    }

    /** Accepts and answers each text with the name of the thread its handlers run on. */
    static final class ThreadReporter extends WebSocketConsumer {
        @Override
        protected Future<Void> receive(String text) {
            return send(Thread.currentThread().getName() + " " + Context.isOnEventLoopThread());
        }
    }

    private static LoopbackServer start(Vertx vertx, ServerOptions options) throws Exception {
        return LoopbackServer.start(vertx, options, app -> {
            Router http = Router.router(app.vertx());
            http.get("/written-elsewhere").handler(ctx -> {
                Context home = Vertx.currentContext();
                new Thread(() -> {
                            try {
                                ctx.response().end("written from another thread");
                            } catch (IllegalStateException e) {
                                home.runOnContext(
                                        v -> ctx.response().setStatusCode(500).end(e.getMessage()));
                            }
                        })
                        .start();
            });
            return ProtocolRouter.builder(app)
                    .http(http)
                    .middleware(StrictThreadModeTest::offTheLoop)
                    .websocket(UrlRouter.builder()
                            .route("/ws/report/", ThreadReporter::new)
                            .route("/ws/denied/", ThreadReporter::new)
                            .build())
                    .build();
        });
    }

    @Test
    void strictIsTheDefault() {
        assertThat(new ServerOptions().isStrictThreadMode()).isTrue();
    }

    @Test
    void middlewareThatFinishesOnAnotherThreadStillGetsItsAnswersOnTheLoop(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());

        assertThat(refusal(server.connect("/ws/denied/"))).isEqualTo(403);
        assertThat(refusal(server.connect("/ws/nowhere/"))).isEqualTo(404);

        WebSocket ws = server.connect("/ws/report/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> inbox = new ArrayBlockingQueue<>(10);
        ws.textMessageHandler(inbox::add);
        ws.writeTextMessage("where?");
        assertThat(inbox.poll(5, TimeUnit.SECONDS))
                .as("the consumer runs on the socket's event loop, not the middleware's thread")
                .startsWith("vert.x-eventloop-thread-")
                .endsWith(" true");
    }

    @Test
    void aRouteThatWritesFromAnotherThreadGetsVertxsErrorUnlessTheModeIsOff(Vertx vertx) throws Exception {
        LoopbackServer strict = start(vertx, new ServerOptions());
        assertThat(get(vertx, strict.port())).isEqualTo("500 Only the context thread can write a message");
        undeploy(vertx);

        LoopbackServer relaxed = start(vertx, new ServerOptions().setStrictThreadMode(false));
        assertThat(get(vertx, relaxed.port())).isEqualTo("200 written from another thread");
    }

    private static int refusal(Future<WebSocket> handshake) throws Exception {
        Throwable cause =
                handshake.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(cause).as("the handshake should have been refused").isInstanceOf(UpgradeRejectedException.class);
        return ((UpgradeRejectedException) cause).getStatus();
    }

    private static String get(Vertx vertx, int port) throws Exception {
        HttpClient client = vertx.createHttpClient();
        try {
            return client.request(HttpMethod.GET, port, "127.0.0.1", "/written-elsewhere")
                    .compose(request -> request.send())
                    .compose((HttpClientResponse response) ->
                            response.body().map(body -> response.statusCode() + " " + body))
                    .await(5, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }
}
