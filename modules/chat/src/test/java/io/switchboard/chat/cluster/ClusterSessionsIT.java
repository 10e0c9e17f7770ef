// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatSocket;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A log-in spans the cluster: two chat nodes on the {@code eventbus} layer keep sessions in the cluster's map, so a
 * cookie from one node is a log-in on the other, and a log-out on one closes the session's sockets on the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterSessionsIT {

    private static final String COOKIE = "vertx-web.session";

    private ChatNodes nodes;
    private Vertx clientVertx;
    private WebClient http;
    private WebSocketClient ws;

    @BeforeEach
    void startClient() {
        clientVertx = Vertx.vertx();
        http = WebClient.create(clientVertx);
        ws = clientVertx.createWebSocketClient();
    }

    /** Starts two nodes with a {@code chat} section. */
    private void startTwoNodes(JsonObject chat) throws Exception {
        nodes = new ChatNodes(2, chat);
        nodes.start(0);
        nodes.start(1);
    }

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLogInOnOneNodeIsALogInOnTheOther() throws Exception {
        startTwoNodes(new JsonObject());
        String cookie = signUp(0, "carol");

        assertThat(me(1, cookie).getJsonObject("user").getString("username")).isEqualTo("carol");
        try (ChatSocket socket = ChatSocket.open(ws, nodes.node(1).port(), "lobby", cookie)) {
            socket.history();
            socket.say("hello from B");
            assertThat(socket.message().getString("user")).isEqualTo("carol");
        }
    }

    @Test
    void aLogOutOnOneNodeClosesTheSessionsSocketOnTheOther() throws Exception {
        startTwoNodes(new JsonObject());
        String cookie = signUp(0, "dave");
        try (ChatSocket onB = ChatSocket.open(ws, nodes.node(1).port(), "lobby", cookie)) {
            onB.history();

            HttpResponse<Buffer> out = http.post(nodes.node(0).port(), "127.0.0.1", "/chat/api/logout")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cookie", cookie)
                    .sendJsonObject(new JsonObject())
                    .await(10, TimeUnit.SECONDS);
            assertThat(out.statusCode()).isEqualTo(200);

            ChatSocket.Close closed = onB.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 4001);
            assertThat(me(1, cookie).getValue("user")).isNull();
        }
    }

    @Test
    void aSessionThatExpiresClosesItsSocketOnTheOtherNode() throws Exception {
        // sessions of 4 s: the socket on B rechecks the cluster's store when its session would end
        startTwoNodes(new JsonObject().put("sessionTimeout", 4));
        String cookie = signUp(0, "erin");
        try (ChatSocket onB = ChatSocket.open(ws, nodes.node(1).port(), "lobby", cookie)) {
            onB.history();

            ChatSocket.Close closed = onB.awaitClose(Duration.ofSeconds(15));
            assertThat(closed.code()).isEqualTo((short) 4001);
            assertThat(me(0, cookie).getValue("user")).isNull();
        }
    }

    /** Signs up on a node; returns the session's {@code Cookie} header. */
    private String signUp(int node, String username) throws Exception {
        HttpResponse<Buffer> answer = http.post(nodes.node(node).port(), "127.0.0.1", "/chat/api/signup")
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse"))
                .await(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(201);
        String set = answer.cookies().stream()
                .filter(c -> c.startsWith(COOKIE + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + answer.cookies()));
        return set.split(";", 2)[0];
    }

    private JsonObject me(int node, String cookie) throws Exception {
        return http.get(nodes.node(node).port(), "127.0.0.1", "/chat/api/me")
                .putHeader("Cookie", cookie)
                .send()
                .await(10, TimeUnit.SECONDS)
                .bodyAsJsonObject();
    }
}
