// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.switchboard.testsupport.LoopbackPorts;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The management port over real HTTP: probes, readiness checks and Prometheus figures after real WebSocket traffic. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class ManagementTest {

    private static final String ROOM = "lobby-42";

    /** Joins the room's group and sends every text to it; answers the group's messages. */
    static final class Room extends WebSocketConsumer {
        Room() {
            on("room.message", message -> send(message.getString("text")));
        }

        @Override
        protected Future<Void> connect() {
            return groupAdd("room_" + scope().routeParam("room")).compose(v -> accept());
        }

        @Override
        protected Future<Void> receive(String text) {
            return groupSend(
                    "room_" + scope().routeParam("room"),
                    new JsonObject().put("type", "room.message").put("text", text));
        }
    }

    /** The room, and a readiness check of its own that a test can fail. */
    static final class RoomApp implements Application {
        final AtomicBoolean storeUp = new AtomicBoolean(true);

        @Override
        public Future<Void> start(AppContext app) {
            app.monitoring()
                    .readinessCheck(
                            "store",
                            () -> storeUp.get()
                                    ? Future.succeededFuture()
                                    : Future.failedFuture("the store does not answer"));
            return Future.succeededFuture();
        }

        @Override
        public ProtocolRouter router(AppContext app) {
            return ProtocolRouter.builder(app)
                    .websocket(
                            UrlRouter.builder().route("/ws/{room}/", Room::new).build())
                    .build();
        }
    }

    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<Switchboard.RunningServer> servers = new ArrayList<>();
    private RedisServer redis;
    private Vertx client;
    private HttpClient http;
    private WebSocketClient sockets;

    record Answer(int status, String body) {}

    @AfterEach
    void stop() throws Exception {
        for (Switchboard.RunningServer server : servers) {
            server.close().await(20, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.close().await(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
        for (Vertx vertx : vertxes) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private Switchboard.RunningServer start(Application application, JsonObject config) throws Exception {
        config.put(
                "server",
                Settings.section(config, "server")
                        .copy()
                        .put("host", "127.0.0.1")
                        .put("port", 0)
                        .put("instances", 2));
        config.put("management", new JsonObject().put("port", LoopbackPorts.free()));
        // made as run() makes it, so that Vert.x's own figures are in the registry
        Vertx vertx = Switchboard.vertx(config).await(10, TimeUnit.SECONDS);
        vertxes.add(vertx);
        Switchboard.RunningServer server =
                Switchboard.start(vertx, application, config).await(15, TimeUnit.SECONDS);
        servers.add(server);
        client = client == null ? Vertx.vertx() : client;
        http = http == null ? client.createHttpClient() : http;
        sockets = sockets == null ? client.createWebSocketClient() : sockets;
        return server;
    }

    private Answer get(int port, String path) throws Exception {
        return http.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                .await(10, TimeUnit.SECONDS);
    }

    /** Polls until an answer matches: for states the server reaches by itself (a Redis loss noticed, a close counted). */
    private Answer awaitAnswer(int port, String path, Predicate<Answer> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer answer = get(port, path);
        while (!wanted.test(answer) && System.nanoTime() < deadline) {
            Promise<Void> tick = Promise.promise();
            client.setTimer(100, id -> tick.complete());
            tick.future().await(5, TimeUnit.SECONDS);
            answer = get(port, path);
        }
        return answer;
    }

    private WebSocket connect(int port, String origin, List<String> received) throws Exception {
        WebSocket ws = sockets.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/ws/" + ROOM + "/")
                        .addHeader("Origin", origin))
                .await(10, TimeUnit.SECONDS);
        ws.textMessageHandler(text -> {
            synchronized (received) {
                received.add(text);
                received.notifyAll();
            }
        });
        return ws;
    }

    private static void awaitCount(List<String> received, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (received) {
            while (received.size() < count && System.currentTimeMillis() < deadline) {
                received.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            assertThat(received).hasSize(count);
        }
    }

    /** The value of one sample line, for example {@code switchboard_connections_refused_total{reason="rejected",}}. */
    private static double sample(String metrics, String name, String labels) {
        Pattern line = Pattern.compile(
                "^" + Pattern.quote(name) + (labels == null ? "" : "\\{" + labels + ",?\\}") + " (\\S+)$",
                Pattern.MULTILINE);
        Matcher matcher = line.matcher(metrics);
        assertThat(matcher.find()).as(name + "{" + labels + "} in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void probesAndFiguresAreOnTheManagementPortOnlyAndMoveWithTraffic() throws Exception {
        Switchboard.RunningServer server = start(new RoomApp(), new JsonObject());
        int management = server.managementPort();
        String self = "http://127.0.0.1:" + server.port();

        assertThat(get(management, "/health/live")).isEqualTo(new Answer(200, "{\"status\":\"UP\"}"));
        Answer ready = get(management, "/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("outcome")).isEqualTo("UP");
        assertThat(ids(new JsonObject(ready.body()))).containsExactlyInAnyOrder("draining", "layer", "store");
        for (String path : List.of("/metrics", "/health/live", "/health/ready", "/health")) {
            assertThat(get(server.port(), path).status())
                    .as("main port " + path)
                    .isEqualTo(404);
        }

        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        WebSocket a = connect(server.port(), self, first);
        WebSocket b = connect(server.port(), self, second);
        // no consumer for the path: refused before the upgrade
        assertThat(failure(sockets.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(server.port())
                        .setURI("/nowhere/"))))
                .isNotNull();
        for (int i = 0; i < 3; i++) {
            a.writeTextMessage("from a " + i);
            b.writeTextMessage("from b " + i);
        }
        awaitCount(first, 6);
        awaitCount(second, 6);
        a.close((short) 1000).await(5, TimeUnit.SECONDS);
        b.close((short) 4001, "app").await(5, TimeUnit.SECONDS);

        // the server counts a close once it has seen it, a moment after the client's close completed
        String metrics = awaitAnswer(management, "/metrics", answer -> closes(answer.body()) == 2)
                .body();
        assertThat(sample(metrics, "switchboard_connections_accepted_total", null))
                .isEqualTo(2);
        assertThat(sample(metrics, "switchboard_connections_refused_total", "reason=\"rejected\""))
                .isEqualTo(1);
        assertThat(sample(metrics, "switchboard_connections_refused_total", "reason=\"full\""))
                .isZero();
        assertThat(sample(metrics, "switchboard_connections_closed_total", "code_class=\"normal\""))
                .isEqualTo(1);
        assertThat(sample(metrics, "switchboard_connections_closed_total", "code_class=\"application\""))
                .isEqualTo(1);
        assertThat(sample(metrics, "switchboard_connections_open", null)).isZero();
        assertThat(sample(metrics, "switchboard_handshake_seconds_count", null)).isEqualTo(2);
        assertThat(sample(metrics, "switchboard_frames_received_total", null)).isEqualTo(6);
        assertThat(sample(metrics, "switchboard_bytes_received_total", null)).isEqualTo(6 * "from a 0".length());
        assertThat(sample(metrics, "switchboard_frames_sent_total", null)).isEqualTo(12);
        assertThat(sample(metrics, "switchboard_layer_group_sends_total", null)).isEqualTo(6);
        assertThat(sample(metrics, "switchboard_layer_deliveries_total", null)).isEqualTo(12);
        assertThat(sample(metrics, "switchboard_layer_dropped_total", "reason=\"channel_full\""))
                .isZero();
        assertThat(sample(metrics, "switchboard_layer_dropped_total", "reason=\"slow_consumer\""))
                .isZero();
        assertThat(sample(metrics, "switchboard_layer_expired_total", null)).isZero();
        // connect, 6 receives and 12 group messages on each side... counted per consumer class, never per room
        assertThat(sample(metrics, "switchboard_handler_seconds_count", "consumer=\"Room\""))
                .isGreaterThanOrEqualTo(2 + 6 + 12);
        assertThat(metrics)
                .contains("switchboard_event_loop_delay_seconds ")
                .contains("jvm_memory_used_bytes")
                .contains("vertx_http_server_active_connections")
                .doesNotContain(ROOM)
                .doesNotContain("127.0.0.1:");
    }

    @Test
    void aStoppingNodeIsNotReadyAtOnceAndStillServesDuringTheStopDelay() throws Exception {
        JsonObject config = new JsonObject()
                .put("server", new JsonObject().put("stopDelay", 1).put("drainPeriod", 0));
        Switchboard.RunningServer server = start(new RoomApp(), config);
        servers.remove(server);
        List<String> received = new ArrayList<>();
        WebSocket early = connect(server.port(), "http://127.0.0.1:" + server.port(), received);
        Promise<Short> closedWith = Promise.promise();
        early.closeHandler(v -> closedWith.tryComplete(early.closeStatusCode()));

        Future<Void> stopped = server.close();
        Answer ready = get(server.managementPort(), "/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        JsonObject outcome = new JsonObject(ready.body());
        assertThat(outcome.getString("outcome")).isEqualTo("DOWN");
        assertThat(check(outcome, "draining").getString("status")).isEqualTo("DOWN");
        assertThat(check(outcome, "draining").getJsonObject("data").getString("error"))
                .isEqualTo("the node is stopping");
        assertThat(check(outcome, "layer").getString("status")).isEqualTo("UP");
        // the load balancer has not taken the node out yet: a new client still gets in
        WebSocket late = connect(server.port(), "http://127.0.0.1:" + server.port(), received);
        late.writeTextMessage("still here");
        awaitCount(received, 2);
        assertThat(closedWith.future().isComplete()).isFalse();

        stopped.await(20, TimeUnit.SECONDS);
        assertThat(closedWith.future().await(5, TimeUnit.SECONDS)).isEqualTo((short) 1012);
    }

    @Test
    void anApplicationsFailingCheckMakesTheNodeNotReadyNamingIt() throws Exception {
        RoomApp app = new RoomApp();
        Switchboard.RunningServer server = start(app, new JsonObject());
        app.storeUp.set(false);
        Answer ready = get(server.managementPort(), "/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        JsonObject store = check(new JsonObject(ready.body()), "store");
        assertThat(store.getString("status")).isEqualTo("DOWN");
        assertThat(store.getJsonObject("data").getString("error")).isEqualTo("the store does not answer");
        assertThat(get(server.managementPort(), "/health/live").status()).isEqualTo(200);

        app.storeUp.set(true);
        assertThat(get(server.managementPort(), "/health/ready").status()).isEqualTo(200);
    }

    @Test
    void readinessFollowsTheRedisLayerDownAndBack() throws Exception {
        redis = RedisServer.start();
        JsonObject config = new JsonObject()
                .put(
                        "layer",
                        new JsonObject()
                                .put("backend", "redis")
                                .put("hosts", new JsonArray().add(redis.url()))
                                .put("prefix", "mgmt-" + System.nanoTime()));
        Switchboard.RunningServer server = start(new RoomApp(), config);
        int management = server.managementPort();
        assertThat(get(management, "/health/ready").status()).isEqualTo(200);

        redis.kill();
        Answer down = awaitAnswer(management, "/health/ready", answer -> answer.status() == 503);
        assertThat(down.status()).isEqualTo(503);
        JsonObject layer = check(new JsonObject(down.body()), "layer");
        assertThat(layer.getString("status")).isEqualTo("DOWN");
        assertThat(layer.getJsonObject("data").getString("error"))
                .contains("Redis at redis://127.0.0.1:" + redis.port() + " is unavailable");
        assertThat(check(new JsonObject(down.body()), "draining").getString("status"))
                .isEqualTo("UP");

        redis.restart();
        assertThat(awaitAnswer(management, "/health/ready", answer -> answer.status() == 200)
                        .status())
                .isEqualTo(200);
        String metrics = awaitAnswer(
                        management,
                        "/metrics",
                        answer -> sample(answer.body(), "switchboard_layer_reconnects_total", null) >= 1)
                .body();
        assertThat(sample(metrics, "switchboard_layer_reconnects_total", null)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void portZeroTurnsTheManagementServerOff() throws Exception {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        JsonObject config = new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("management", new JsonObject().put("port", 0));
        Switchboard.RunningServer server =
                Switchboard.start(vertx, new RoomApp(), config).await(15, TimeUnit.SECONDS);
        servers.add(server);
        assertThat(server.managementPort()).isZero();
    }

    @Test
    void aManagementPortInUseFailsTheStartNamingThePortAndItsVariable() throws Exception {
        Switchboard.RunningServer first = start(new RoomApp(), new JsonObject());
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        JsonObject config = new JsonObject()
                .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("management", new JsonObject().put("port", first.managementPort()));
        assertThat(failure(Switchboard.start(vertx, new RoomApp(), config)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Port " + first.managementPort() + " on 127.0.0.1 is in use (management.port): stop the"
                        + " process that holds it, or choose another port with SWITCHBOARD_MANAGEMENT_PORT");
    }

    private static double closes(String metrics) {
        return sample(metrics, "switchboard_connections_closed_total", "code_class=\"normal\"")
                + sample(metrics, "switchboard_connections_closed_total", "code_class=\"application\"");
    }

    /** @return why the future failed; null if it succeeded */
    private static Throwable failure(Future<?> future) throws Exception {
        return future.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null))
                .await(15, TimeUnit.SECONDS);
    }

    private static List<String> ids(JsonObject outcome) {
        List<String> ids = new ArrayList<>();
        outcome.getJsonArray("checks").forEach(check -> ids.add(((JsonObject) check).getString("id")));
        return ids;
    }

    private static JsonObject check(JsonObject outcome, String id) {
        for (Object check : outcome.getJsonArray("checks")) {
            if (id.equals(((JsonObject) check).getString("id"))) {
                return (JsonObject) check;
            }
        }
        throw new AssertionError("no check " + id + " in " + outcome.encodePrettily());
    }
}
