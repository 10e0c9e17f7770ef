// SPDX-License-Identifier: Apache-2.0
package com.example.firstapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.switchboard.testkit.WebSocketCommunicator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consumer driven in-process by the testkit: the application's own router and middleware, no network. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NotificationConsumerTest {

    private Vertx vertx;
    private AppContext app;
    private ProtocolRouter router;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        app = AppContext.create(vertx, ChannelLayer.memory(vertx), new ServerOptions(), new JsonObject());
        router = new NotificationsApplication().router(app);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    /** A client as a page of this server opens it: the testkit's handshake comes to localhost. */
    private WebSocketCommunicator subscriber(String topic) {
        return WebSocketCommunicator.create(vertx, router, "/ws/notifications/" + topic + "/")
                .header("Origin", "http://localhost");
    }

    @Test
    void aNotificationReachesTheSubscribersOfItsTopicOnly() throws Exception {
        WebSocketCommunicator orders = subscriber("orders");
        WebSocketCommunicator news = subscriber("news");
        assertThat(orders.connect().await(5, TimeUnit.SECONDS).accepted()).isTrue();
        assertThat(news.connect().await(5, TimeUnit.SECONDS).accepted()).isTrue();

        JsonObject payload = new JsonObject().put("text", "order 42 shipped");
        app.channelLayer()
                .groupSend(NotificationConsumer.group("orders"), NotificationConsumer.notification("orders", payload))
                .await(5, TimeUnit.SECONDS);

        assertThat(orders.receiveJson(Duration.ofSeconds(5)).await(5, TimeUnit.SECONDS))
                .isEqualTo(new JsonObject().put("topic", "orders").put("payload", payload));
        news.receiveNothing(Duration.ofMillis(200)).await(5, TimeUnit.SECONDS);
    }

    @Test
    void framesFromTheClientAreIgnoredAndTheSocketStaysOpen() throws Exception {
        WebSocketCommunicator orders = subscriber("orders");
        assertThat(orders.connect().await(5, TimeUnit.SECONDS).accepted()).isTrue();
        orders.sendJson(new JsonObject().put("text", "hello?")).await(5, TimeUnit.SECONDS);
        orders.receiveNothing(Duration.ofMillis(200)).await(5, TimeUnit.SECONDS);
    }

    @Test
    void aTopicThatCannotBeAGroupNameIsRefusedWith403() throws Exception {
        WebSocketCommunicator tooLong = subscriber("t".repeat(100));
        WebSocketCommunicator.Connection refused = tooLong.connect().await(5, TimeUnit.SECONDS);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void aPageOfAnotherSiteCannotSubscribe() throws Exception {
        WebSocketCommunicator crossSite = WebSocketCommunicator.create(vertx, router, "/ws/notifications/orders/")
                .header("Origin", "https://elsewhere.example");
        assertThat(crossSite.connect().await(5, TimeUnit.SECONDS).status()).isEqualTo(403);
    }
}
