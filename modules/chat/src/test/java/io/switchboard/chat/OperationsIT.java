// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat jar as an operator runs it: the stop sequence on SIGTERM seen from the management port and a client, the
 * lines it logs, and start failures that say what to do in one line.
 */
class OperationsIT {

    @TempDir
    Path dir;

    private final List<ChatJar> processes = new ArrayList<>();
    private Vertx vertx;
    private HttpClient http;
    private WebSocketClient sockets;

    @BeforeAll
    static void theJarIsBuilt() {
        ChatJar.requireJar();
    }

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx();
        http = vertx.createHttpClient();
        sockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        for (ChatJar process : processes) {
            process.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private ChatJar launch(String name, Map<String, String> env) {
        ChatJar process = ChatJar.launch(name, env);
        processes.add(process);
        return process;
    }

    private Map<String, String> settings(int port, String database) {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HOST", "127.0.0.1");
        env.put("SWITCHBOARD_PORT", String.valueOf(port));
        env.put("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + dir.resolve(database));
        return env;
    }

    private int status(int port, HttpMethod method, String path, JsonObject body) throws Exception {
        return http.request(method, port, "127.0.0.1", path)
                .compose(request -> body == null
                        ? request.send()
                        : request.putHeader("Content-Type", "application/json").send(body.encode()))
                .compose(response -> response.body().map(b -> response.statusCode()))
                .await(10, TimeUnit.SECONDS);
    }

    @Test
    void aStopReportsNotReadyFirstThenClosesSocketsWith1012AndExitsWithinItsBound() throws Exception {
        int port = LoopbackPorts.free();
        int management = LoopbackPorts.free();
        Map<String, String> env = settings(port, "stop");
        env.put("SWITCHBOARD_MANAGEMENT_PORT", String.valueOf(management));
        env.put("SWITCHBOARD_STOP_DELAY", "2");
        env.put("SWITCHBOARD_DRAIN_PERIOD", "1");
        env.put("SWITCHBOARD_STOP_TIMEOUT", "15");
        env.put("SWITCHBOARD_DB_PASSWORD", "not-for-logs");
        ChatJar chat = launch("stopping", env);
        chat.awaitListening(Duration.ofSeconds(60));
        assertThat(chat.lines())
                .as("the start line")
                .anyMatch(line -> line.contains("Switchboard listening on http://127.0.0.1:" + port)
                        && line.contains("management on port " + management)
                        && line.contains("\"stopDelay\":2")
                        && line.contains("\"password\":\"****\""))
                .noneMatch(line -> line.contains("not-for-logs"));

        // a failed log-in: one line, without the password
        assertThat(status(port, HttpMethod.POST, "/chat/api/signup", account("carol", "correct horse")))
                .isEqualTo(201);
        assertThat(status(port, HttpMethod.POST, "/chat/api/login", account("carol", "wrong battery")))
                .isEqualTo(401);
        String failed = chat.process()
                .awaitLine(0, line -> line.contains("Failed log-in for user 'carol'"), Duration.ofSeconds(10));
        assertThat(failed).endsWith("Failed log-in for user 'carol' from 127.0.0.1: bad_credentials");
        assertThat(chat.lines())
                .noneMatch(line -> line.contains("wrong battery") || line.contains("vertx-web.session"));

        assertThat(status(management, HttpMethod.GET, "/health/ready", null)).isEqualTo(200);
        WebSocket ws = sockets.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/ws/chat/lobby/")
                        .addHeader("Origin", "http://127.0.0.1:" + port))
                .await(10, TimeUnit.SECONDS);
        Promise<Short> closed = Promise.promise();
        ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));

        long mark = chat.process().mark();
        long signalled = System.nanoTime();
        ProcessHandle.of(chat.process().pid()).orElseThrow().destroy(); // SIGTERM, as Kubernetes sends
        chat.process().awaitLine(mark, line -> line.contains("Stopping: not ready"), Duration.ofSeconds(10));
        assertThat(status(management, HttpMethod.GET, "/health/ready", null))
                .as("ready at once after SIGTERM")
                .isEqualTo(503);
        assertThat(closed.future().isComplete())
                .as("the socket still open during server.stopDelay")
                .isFalse();
        assertThat(closed.future().await(20, TimeUnit.SECONDS)).isEqualTo((short) 1012);
        // 128 + 15: the JVM's status when it ends on SIGTERM after its shutdown hooks ran
        assertThat(chat.process().awaitExit(Duration.ofSeconds(20))).isEqualTo(143);
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(15));

        List<String> stopping = chat.process().linesSince(mark);
        assertThat(stopping)
                .anyMatch(line -> line.endsWith(
                        "Stopping: not ready; 1 connections open; exit within 15 s" + " (server.stopTimeout)"))
                .anyMatch(line ->
                        line.endsWith("Stopping: not ready; still taking connections for 2 s" + " (server.stopDelay)"))
                .anyMatch(line ->
                        line.endsWith("Stopping: closing 1 connections with 1012 over 1 s" + " (server.drainPeriod)"))
                .last()
                .asString()
                .matches(".* INFO  io\\.switchboard\\.launcher\\.Switchboard: Stopped in \\d+ ms: drained 1"
                        + " connections, layer and application closed");
        Path trace = dir.resolve("stop.trace.db");
        if (Files.exists(trace)) {
            assertThat(Files.readString(trace)).doesNotContain("Database is already closed");
        }
    }

    @Test
    void aPortInUseIsOneLineNamingThePortAndItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(LoopbackPorts.free(), 1, InetAddress.getLoopbackAddress())) {
            ChatJar chat = launch("main port taken", settings(taken.getLocalPort(), "main"));
            assertThat(chat.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertOneLineFailure(
                    chat,
                    "Switchboard did not start: Port " + taken.getLocalPort() + " on 127.0.0.1 is in use"
                            + " (server.port): stop the process that holds it, or choose another port with"
                            + " SWITCHBOARD_PORT");

            Map<String, String> env = settings(LoopbackPorts.free(), "management");
            env.put("SWITCHBOARD_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            ChatJar second = launch("management port taken", env);
            assertThat(second.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertOneLineFailure(
                    second,
                    "Switchboard did not start: Port " + taken.getLocalPort() + " on 127.0.0.1 is in use"
                            + " (management.port): stop the process that holds it, or choose another port with"
                            + " SWITCHBOARD_MANAGEMENT_PORT");
        }
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedDatabaseIsToldAtOnce() throws Exception {
        ChatJar first = launch("first", settings(LoopbackPorts.free(), "shared"));
        first.awaitListening(Duration.ofSeconds(60));
        ChatJar second = launch("second", settings(LoopbackPorts.free(), "shared"));
        assertThat(second.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertOneLineFailure(
                second,
                "Switchboard did not start: the database " + dir.resolve("shared") + " is in use by another"
                        + " process: stop that process, or give this one another file with SWITCHBOARD_DB_URL");
        assertThat(second.lines()).noneMatch(line -> line.contains("Connection is not available"));
    }

    private static void assertOneLineFailure(ChatJar chat, String line) {
        assertThat(chat.lines())
                .as("the output of %s", chat)
                .contains(line)
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
    }

    private static JsonObject account(String username, String password) {
        return new JsonObject().put("username", username).put("password", password);
    }
}
