// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.User;
import io.switchboard.middleware.AuthMiddleware;
import io.switchboard.middleware.Middleware;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WebSocketServerTest {

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    private static ProtocolRouter routes(AppContext app, SessionStore sessions) {
        return ProtocolRouter.builder(app)
                .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                .middleware(Middleware.authStack(sessions))
                .websocket(UrlRouter.builder()
                        .route("/ws/chat/{room}/", Consumers.Chat::new)
                        .route("/ws/refuse/", Consumers.Refuser::new)
                        .route("/ws/silent/", Consumers.Silent::new)
                        .route("/ws/negotiate/{id:int}/", Consumers.Negotiator::new)
                        .route("/ws/record/", Consumers.Recorder::new)
                        .route("/ws/slow/", Consumers.Slow::new)
                        .route("/ws/member/", Consumers.Member::new)
                        .route("/ws/lingering/", Consumers.Lingering::new)
                        .build())
                .build();
    }

    private static LoopbackServer start(Vertx vertx) throws Exception {
        return start(vertx, new ServerOptions());
    }

    private static LoopbackServer start(Vertx vertx, ServerOptions options) throws Exception {
        return LoopbackServer.start(vertx, options, app -> routes(app, LocalSessionStore.create(app.vertx())));
    }

    /** Collects text frames so a test can await them on the JUnit thread. */
    private static BlockingQueue<String> inbox(WebSocket ws) {
        BlockingQueue<String> inbox = new ArrayBlockingQueue<>(1000);
        ws.textMessageHandler(inbox::add);
        return inbox;
    }

    private static int status(Throwable err) {
        assertThat(err).isInstanceOf(UpgradeRejectedException.class);
        return ((UpgradeRejectedException) err).getStatus();
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        future.onComplete(ar -> done.countDown());
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.failed()).as("the handshake should have been refused").isTrue();
        return future.cause();
    }

    @Test
    void twoClientsInOneRoomBothGetAMessageAndAThirdInAnotherRoomGetsNothing(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        WebSocket alice = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket bob = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket carol = server.connect("/ws/chat/kitchen/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> aliceIn = inbox(alice);
        BlockingQueue<String> bobIn = inbox(bob);
        BlockingQueue<String> carolIn = inbox(carol);

        alice.writeTextMessage("{\"message\": \"hello\"}");

        assertThat(aliceIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"hello\"}");
        assertThat(bobIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"hello\"}");
        carol.writeTextMessage("{\"message\": \"kitchen only\"}");
        assertThat(carolIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"kitchen only\"}");
        assertThat(aliceIn.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(bobIn).isEmpty();
    }

    @Test
    void aConsumerThatClosesBeforeAcceptingGives403(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        assertThat(status(failureOf(server.connect("/ws/refuse/")))).isEqualTo(403);
    }

    @Test
    void anUnknownPathGives404AtTheHandshake(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        assertThat(status(failureOf(server.connect("/ws/nowhere/")))).isEqualTo(404);
        assertThat(status(failureOf(server.connect("/ws/negotiate/not-a-number/"))))
                .isEqualTo(404);
    }

    @Test
    void aCrossOriginHandshakeGives403AndAMissingOriginToo(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        var evil = server.options("/ws/chat/lobby/").putHeader("Origin", "https://evil.example");
        assertThat(status(failureOf(server.client.connect(evil)))).isEqualTo(403);
        var none = new io.vertx.core.http.WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setURI("/ws/chat/lobby/")
                .setAllowOriginHeader(false);
        assertThat(status(failureOf(server.client.connect(none)))).isEqualTo(403);
        // the same host at another port or scheme is another origin
        var otherPort = server.options("/ws/chat/lobby/").putHeader("Origin", "http://127.0.0.1:1234");
        assertThat(status(failureOf(server.client.connect(otherPort)))).isEqualTo(403);
        var otherScheme = server.options("/ws/chat/lobby/").putHeader("Origin", "https://127.0.0.1:" + server.port());
        assertThat(status(failureOf(server.client.connect(otherScheme)))).isEqualTo(403);
        var own = server.options("/ws/chat/lobby/");
        assertThat(server.client.connect(own).await(5, TimeUnit.SECONDS).isClosed())
                .isFalse();
    }

    @Test
    void aConsumerThatNeverAnswersIsRefusedAfterTheHandshakeTimeout(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setHandshakeTimeout(1));
        assertThat(status(failureOf(server.connect("/ws/silent/")))).isEqualTo(403);
    }

    @Test
    void malformedJsonGetsAnErrorFrameAndTheConnectionKeepsServing(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        WebSocket ws = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> in = inbox(ws);
        ws.writeTextMessage("{not json");
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"error\":\"invalid_json\"}");
        ws.writeTextMessage("[1, 2]");
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"error\":\"expected_object\"}");
        ws.writeBinaryMessage(Buffer.buffer("{}"));
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"error\":\"expected_text\"}");
        ws.writeTextMessage("{\"message\": \"still here\"}");
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"still here\"}");
    }

    @Test
    void anUnknownMessageTypeClosesThatConnectionWith1011AndOthersKeepServing(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        WebSocket victim = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket other = server.connect("/ws/chat/kitchen/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> otherIn = inbox(other);
        BlockingQueue<Short> closes = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> reasons = new ArrayBlockingQueue<>(1);
        victim.closeHandler(v -> {
            closes.add(victim.closeStatusCode());
            reasons.add(victim.closeReason());
        });

        server.layer
                .groupSend("chat_lobby", new JsonObject().put("type", "chat.unheard_of"))
                .await(5, TimeUnit.SECONDS);

        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 1011);
        assertThat(reasons.poll(1, TimeUnit.SECONDS)).isEqualTo("unknown_type");
        other.writeTextMessage("{\"message\": \"fine\"}");
        assertThat(otherIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"fine\"}");
    }

    @Test
    void aHandlerThatThrowsClosesWith1011AndOthersKeepServing(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        WebSocket victim = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket other = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> otherIn = inbox(other);
        BlockingQueue<Short> closes = new ArrayBlockingQueue<>(1);
        victim.closeHandler(v -> closes.add(victim.closeStatusCode()));

        victim.writeTextMessage("{\"message\": \"boom\"}");

        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 1011);
        other.writeTextMessage("{\"message\": \"after\"}");
        assertThat(otherIn.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"after\"}");
    }

    @Test
    void anOversizedMessageClosesWith1009(Vertx vertx) throws Exception {
        LoopbackServer server =
                start(vertx, new ServerOptions().setMaxFrameSize(1024).setMaxMessageSize(4096));
        WebSocket ws = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<Short> closes = new ArrayBlockingQueue<>(1);
        ws.closeHandler(v -> closes.add(ws.closeStatusCode()));
        // Fragments under the frame limit that add up past the message limit
        ws.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame("{\"message\": \"" + "x".repeat(1000), false));
        for (int i = 0; i < 4; i++) {
            ws.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(1000)), false));
        }
        ws.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 1009);

        WebSocket big = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<Short> bigCloses = new ArrayBlockingQueue<>(1);
        big.closeHandler(v -> bigCloses.add(big.closeStatusCode()));
        big.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame("x".repeat(2000), true));
        assertThat(bigCloses.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 1009);

        WebSocket fine = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> in = inbox(fine);
        fine.writeTextMessage("{\"message\": \"small\"}");
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"message\":\"small\"}");
    }

    @Test
    void theConsumerChoosesTheSubprotocolAndSeesRouteQueryAndUser(Vertx vertx) throws Exception {
        SessionStore sessions = LocalSessionStore.create(vertx);
        LoopbackServer server = LoopbackServer.start(vertx, new ServerOptions(), app -> routes(app, sessions));
        Session session = sessions.createSession(60_000);
        session.put(AuthMiddleware.SESSION_KEY, User.of("7", "alice").toJson());
        sessions.put(session).await(5, TimeUnit.SECONDS);

        var options = server.options("/ws/negotiate/42/?q=hi%20there")
                .setSubProtocols(List.of("v1.chat", "v2.chat"))
                .addHeader("Cookie", "vertx-web.session=" + session.id());
        WebSocket ws = server.client.connect(options).await(5, TimeUnit.SECONDS);
        assertThat(ws.subProtocol()).isEqualTo("v2.chat");
        assertThat(ws.headers().get("X-Switchboard")).isEqualTo("yes");
        BlockingQueue<String> in = inbox(ws);
        ws.writeTextMessage("who");
        assertThat(new JsonObject(in.poll(5, TimeUnit.SECONDS)))
                .isEqualTo(new JsonObject().put("user", "alice").put("id", 42).put("q", "hi there"));

        WebSocket anonymous = server.client
                .connect(server.options("/ws/negotiate/1/").setSubProtocols(List.of("v1.chat")))
                .await(5, TimeUnit.SECONDS);
        BlockingQueue<String> anonIn = inbox(anonymous);
        anonymous.writeTextMessage("who");
        assertThat(new JsonObject(anonIn.poll(5, TimeUnit.SECONDS)).getString("user"))
                .isEqualTo("anonymous");
    }

    @Test
    void disconnectReportsTheClientsCodeAndTheServersOwnClose(Vertx vertx) throws Exception {
        Consumers.Recorder.CODES.clear();
        LoopbackServer server = start(vertx);
        WebSocket ws = server.connect("/ws/record/").await(5, TimeUnit.SECONDS);
        ws.close((short) 4321).await(5, TimeUnit.SECONDS);
        WebSocket closedByServer = server.connect("/ws/record/").await(5, TimeUnit.SECONDS);
        BlockingQueue<Short> closes = new ArrayBlockingQueue<>(1);
        closedByServer.closeHandler(v -> closes.add(closedByServer.closeStatusCode()));
        closedByServer.writeTextMessage("close:4001");
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 4001);
        LoopbackServer.awaitCondition(() -> Consumers.Recorder.CODES.size() == 2);
        assertThat(Consumers.Recorder.CODES).containsExactly(4321, 4001);
    }

    @Test
    void disconnectRemovesGroupMembershipsAndTheChannel(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        var before = server.layer.stats();
        WebSocket a = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        WebSocket b = server.connect("/ws/chat/kitchen/").await(5, TimeUnit.SECONDS);
        var during = server.layer.stats();
        assertThat(during.memberships()).isEqualTo(before.memberships() + 2);
        assertThat(during.subscriptions()).isEqualTo(before.subscriptions() + 2);

        a.close().await(5, TimeUnit.SECONDS);
        b.close().await(5, TimeUnit.SECONDS);
        LoopbackServer.awaitCondition(() -> server.verticle.openConnections() == 0);

        var after = server.layer.stats();
        assertThat(after.memberships()).isEqualTo(before.memberships());
        assertThat(after.groups()).isEqualTo(before.groups());
        assertThat(after.subscriptions()).isEqualTo(before.subscriptions());
        assertThat(after.channels()).isEqualTo(before.channels());
    }

    @Test
    void aConsumerGetsItsOwnChannelAndLeavesEverythingWhicheverWayItsSocketEnds(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        var before = server.layer.stats();
        WebSocket clean = server.connect("/ws/member/").await(5, TimeUnit.SECONDS);
        WebSocket closedByServer = server.connect("/ws/member/").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> in = inbox(clean);
        clean.writeTextMessage("channel?");
        String channel = in.poll(5, TimeUnit.SECONDS);
        server.layer.send(channel, new JsonObject().put("type", "member.ping").put("n", "1"));
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("pong 1");
        server.layer.groupSend(
                "everyone", new JsonObject().put("type", "member.ping").put("n", "2"));
        assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("pong 2");
        // A network drop: a raw socket does the handshake and then just goes away, no close frame. The client is
        // held until the end: Vert.x shuts down a client that becomes garbage, with its sockets (CleanableNetClient)
        NetClient rawClient = vertx.createNetClient();
        var raw = rawClient.connect(server.port(), "127.0.0.1").await(5, TimeUnit.SECONDS);
        BlockingQueue<String> rawIn = new ArrayBlockingQueue<>(10);
        raw.handler(b -> rawIn.add(b.toString()));
        raw.write("GET /ws/member/ HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(rawIn.poll(5, TimeUnit.SECONDS)).startsWith("HTTP/1.1 101");
        LoopbackServer.awaitCondition(() -> server.layer.stats().memberships() == before.memberships() + 6);
        assertThat(server.layer.stats().subscriptions()).isEqualTo(before.subscriptions() + 3);

        clean.close().await(5, TimeUnit.SECONDS);
        closedByServer.writeTextMessage("close");
        raw.close().await(5, TimeUnit.SECONDS);
        LoopbackServer.awaitCondition(() -> server.verticle.openConnections() == 0);

        var after = server.layer.stats();
        assertThat(after.memberships()).isEqualTo(before.memberships());
        assertThat(after.groups()).isEqualTo(before.groups());
        assertThat(after.subscriptions()).isEqualTo(before.subscriptions());
        server.layer.send(channel, new JsonObject().put("type", "member.ping").put("n", "3"));
        assertThat(in.poll(300, TimeUnit.MILLISECONDS))
                .as("a gone consumer receives nothing")
                .isNull();
        rawClient.close();
    }

    @Test
    void syncHandlersOfOneConnectionRunInOrderAndOfDifferentConnectionsInParallel(Vertx vertx) throws Exception {
        Consumers.Slow.MAX_RUNNING.set(0);
        CountDownLatch gate = new CountDownLatch(1);
        Consumers.Slow.gate = gate;
        LoopbackServer server = start(vertx, new ServerOptions().setThreads(8));
        int connections = 4;
        int messages = 20;
        List<BlockingQueue<String>> inboxes = new java.util.ArrayList<>();
        for (int c = 0; c < connections; c++) {
            WebSocket ws = server.connect("/ws/slow/").await(5, TimeUnit.SECONDS);
            inboxes.add(inbox(ws));
            for (int i = 0; i < messages; i++) {
                ws.writeTextMessage(Integer.toString(i));
            }
        }
        // Every connection has a handler parked on the gate at once: they run in parallel
        LoopbackServer.awaitCondition(() -> Consumers.Slow.MAX_RUNNING.get() == connections);
        gate.countDown();
        for (BlockingQueue<String> in : inboxes) {
            for (int i = 0; i < messages; i++) {
                assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo("ok " + i);
            }
        }
        assertThat(Consumers.Slow.MAX_RUNNING.get()).isEqualTo(connections);
    }

    @Test
    void drainingWaitsForTheLastDisconnectAndNoLongerThanItsBound(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx);
        Consumers.Lingering.release = Promise.promise();
        WebSocket ws = server.connect("/ws/lingering/").await(5, TimeUnit.SECONDS);
        ws.close().await(5, TimeUnit.SECONDS);
        assertThat(Consumers.Lingering.DISCONNECTING.await(5, TimeUnit.SECONDS)).isTrue();

        Future<Void> drained = server.verticle.drain(10_000);
        Future<Void> bounded = server.verticle.drain(50);
        assertThat(bounded.await(5, TimeUnit.SECONDS))
                .as("the bound ends the wait")
                .isNull();
        assertThat(drained.isComplete()).as("a disconnect still runs").isFalse();
        Consumers.Lingering.release.complete();
        drained.await(5, TimeUnit.SECONDS);
        assertThat(server.verticle.openConnections()).isZero();
    }
}
