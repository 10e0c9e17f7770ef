// SPDX-License-Identifier: Apache-2.0
package com.example.firstapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole application on loopback, started as {@code main} starts it, with real sockets and HTTP requests. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NotificationsOverSocketTest {

    private Vertx vertx;
    private RunningServer server;
    // held for the whole test: Vert.x closes a client that is no longer referenced, and its connections with it
    private WebClient http;
    private WebSocketClient sockets;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        JsonObject config = new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0));
        server =
                Switchboard.start(vertx, new NotificationsApplication(), config).await(10, TimeUnit.SECONDS);
        http = WebClient.create(vertx);
        sockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        server.close().await(15, TimeUnit.SECONDS); // closes Vert.x too
    }

    /** Opens a socket to a topic as a page of this server does; the frames it receives wait in the queue. */
    private BlockingQueue<JsonObject> subscribe(String topic) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        sockets.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(server.port())
                        .setURI("/ws/notifications/" + topic + "/")
                        .addHeader("Origin", "http://127.0.0.1:" + server.port()))
                .map(socket -> socket.textMessageHandler(text -> frames.add(new JsonObject(text))))
                .await(5, TimeUnit.SECONDS);
        return frames;
    }

    private HttpResponse<Buffer> post(String path, String body) throws Exception {
        return http.post(server.port(), "127.0.0.1", path)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body))
                .await(5, TimeUnit.SECONDS);
    }

    @Test
    void aPostReachesEverySocketSubscribedToItsTopic() throws Exception {
        BlockingQueue<JsonObject> alice = subscribe("orders");
        BlockingQueue<JsonObject> bob = subscribe("orders");
        BlockingQueue<JsonObject> carol = subscribe("news");

        HttpResponse<Buffer> response = post("/notify/orders", "{\"text\": \"order 42 shipped\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonObject expected = new JsonObject()
                .put("topic", "orders")
                .put("payload", new JsonObject().put("text", "order 42 shipped"));
        assertThat(alice.poll(5, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(bob.poll(5, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(carol.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aBodyThatIsNotJsonIsAnswered400AndNothingIsSent() throws Exception {
        BlockingQueue<JsonObject> orders = subscribe("orders");

        HttpResponse<Buffer> response = post("/notify/orders", "{\"text\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "invalid_json"));
        assertThat(orders.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void jsonThatIsNotAnObjectIsAnswered400() throws Exception {
        HttpResponse<Buffer> response = post("/notify/orders", "[1, 2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "expected_object"));
    }

    @Test
    void aTopicThatCannotBeAGroupNameIsAnswered400() throws Exception {
        HttpResponse<Buffer> spaces = post("/notify/two%20words", "{}");
        HttpResponse<Buffer> tooLong = post("/notify/" + "t".repeat(100), "{}");

        assertThat(spaces.statusCode()).isEqualTo(400);
        assertThat(spaces.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "invalid_topic"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        String big = new JsonObject()
                .put("text", "x".repeat(NotificationsApplication.MAX_BODY))
                .encode();

        HttpResponse<Buffer> response = post("/notify/orders", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "too_large"));
    }

    @Test
    void thePageIsServedAtTheRoot() throws Exception {
        HttpResponse<Buffer> page =
                http.get(server.port(), "127.0.0.1", "/").send().await(5, TimeUnit.SECONDS);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.bodyAsString()).contains("/ws/notifications/");
    }
}
