// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.middleware.Middleware;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.middleware.Sessions;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sockets end with their session: at log-out ({@link Sessions#end}) and at its expiry, with 4001 session_ended. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SessionEndTest {

    /** Echoes text. */
    static final class Echo extends WebSocketConsumer {
        @Override
        protected Future<Void> receive(String text) {
            return send(text);
        }
    }

    /** How a client saw its socket close: code, reason, and when (epoch milliseconds). */
    private record Closed(short code, String reason, long at) {}

    /** A client socket with its text messages and its close. */
    private record Client(WebSocket ws, BlockingQueue<String> in, BlockingQueue<Closed> closed) {
        static Client of(WebSocket ws) {
            Client client = new Client(ws, new ArrayBlockingQueue<>(100), new ArrayBlockingQueue<>(1));
            ws.textMessageHandler(client.in::add);
            ws.closeHandler(v ->
                    client.closed.add(new Closed(ws.closeStatusCode(), ws.closeReason(), System.currentTimeMillis())));
            return client;
        }

        /** Asserts the socket still answers. */
        void echoes(String text) throws InterruptedException {
            ws.writeTextMessage(text);
            assertThat(in.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
            assertThat(closed).isEmpty();
        }
    }

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    private static LoopbackServer start(Vertx vertx, SessionStore sessions) throws Exception {
        // as the chat wires it: the HTTP side's store, read through the session cookie
        return LoopbackServer.start(
                vertx,
                new ServerOptions(),
                app -> ProtocolRouter.builder(app)
                        .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                        .middleware(Middleware.authStack(sessions))
                        .websocket(UrlRouter.builder()
                                .route("/ws/echo/", Echo::new)
                                .build())
                        .build());
    }

    private static Session stored(SessionStore sessions, long timeoutMillis) throws Exception {
        Session session = sessions.createSession(timeoutMillis);
        session.put("cart", "three apples");
        sessions.put(session).await(5, TimeUnit.SECONDS);
        return session;
    }

    private static Client connect(LoopbackServer server, Session session) throws Exception {
        var options = server.options("/ws/echo/");
        if (session != null) {
            options.addHeader("Cookie", "vertx-web.session=" + session.id());
        }
        return Client.of(server.client.connect(options).await(5, TimeUnit.SECONDS));
    }

    @Test
    void endingASessionClosesEachOfItsSocketsWith4001AndNoOtherSocket(Vertx vertx) throws Exception {
        SessionStore sessions = LocalSessionStore.create(vertx);
        LoopbackServer server = start(vertx, sessions);
        Session alice = stored(sessions, 60_000);
        Session bob = stored(sessions, 60_000);
        Client aliceTab1 = connect(server, alice);
        Client aliceTab2 = connect(server, alice);
        Client bobTab = connect(server, bob);
        Client anonymous = connect(server, null);
        aliceTab1.echoes("before");

        Sessions.end(server.layer, alice.id()).await(5, TimeUnit.SECONDS);

        for (Client tab : new Client[] {aliceTab1, aliceTab2}) {
            Closed closed = tab.closed().poll(5, TimeUnit.SECONDS);
            assertThat(closed).isNotNull();
            assertThat(closed.code()).isEqualTo((short) 4001);
            assertThat(closed.reason()).isEqualTo("session_ended");
        }
        bobTab.echoes("bob stays");
        anonymous.echoes("so does the anonymous socket");
    }

    @Test
    void aSessionThatExpiresClosesItsSocketWhileATouchedOneLivesUntilItsNewExpiry(Vertx vertx) throws Exception {
        SessionStore sessions = LocalSessionStore.create(vertx);
        LoopbackServer server = start(vertx, sessions);
        Session expiring = stored(sessions, 300);
        Session touched = stored(sessions, 500);
        long firstExpiry = Sessions.expiresAt(touched);
        Client expiringTab = connect(server, expiring);
        Client touchedTab = connect(server, touched);

        Closed expired = expiringTab.closed().poll(5, TimeUnit.SECONDS);
        assertThat(expired).as("the expiring socket's close").isNotNull();
        assertThat(expired.code()).isEqualTo((short) 4001);
        assertThat(expired.reason()).isEqualTo("session_ended");
        assertThat(expired.at()).isBetween(Sessions.expiresAt(expiring), Sessions.expiresAt(expiring) + 1_500);

        // the other session is used again before its expiry, as an HTTP request through SessionHandler would
        assertThat(System.currentTimeMillis()).isLessThan(firstExpiry);
        Session current = sessions.get(touched.id()).await(5, TimeUnit.SECONDS);
        current.setAccessed();
        sessions.put(current).await(5, TimeUnit.SECONDS);
        long newExpiry = Sessions.expiresAt(current);
        assertThat(newExpiry).isGreaterThan(firstExpiry);

        Closed ended = touchedTab.closed().poll(5, TimeUnit.SECONDS);
        assertThat(ended).as("the touched socket's close").isNotNull();
        assertThat(ended.code()).isEqualTo((short) 4001);
        assertThat(ended.at()).as("not before the new expiry").isGreaterThanOrEqualTo(newExpiry);
        assertThat(ended.at()).isLessThan(newExpiry + 1_500);
    }
}
