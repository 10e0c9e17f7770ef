// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files: the server speaks wss, and the scope says so, so the own origin is https. */
@ExtendWith(VertxExtension.class)
class TlsTest {

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    @Test
    void aServerWithPemFilesSpeaksWssAndItsOwnOriginIsHttps(Vertx vertx, @TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned(cert, key);
        LoopbackServer server = LoopbackServer.start(
                vertx,
                new ServerOptions().setTls(cert.toString(), key.toString()),
                app -> ProtocolRouter.builder(app)
                        .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                        .websocket(UrlRouter.builder()
                                .route("/ws/chat/{room}/", Consumers.Chat::new)
                                .build())
                        .build());
        var client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setSsl(true)
                .setVerifyHost(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
        var own = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setSsl(true)
                .setURI("/ws/chat/lobby/")
                .addHeader("Origin", "https://127.0.0.1:" + server.port());
        WebSocket socket = client.connect(own).await(5, TimeUnit.SECONDS);
        BlockingQueue<String> in = new ArrayBlockingQueue<>(4);
        socket.textMessageHandler(in::add);
        socket.writeTextMessage("{\"message\":\"over tls\"}");
        assertThat(in.poll(5, TimeUnit.SECONDS)).contains("over tls");

        var plainOrigin = new WebSocketConnectOptions(own).putHeader("Origin", "http://127.0.0.1:" + server.port());
        assertThatThrownBy(() -> client.connect(plainOrigin).await(5, TimeUnit.SECONDS))
                .as("http is another origin than the https page")
                .hasMessageContaining("403");
    }

    /** A throwaway certificate for 127.0.0.1, made by the openssl command line. */
    private static void selfSigned(Path cert, Path key) throws Exception {
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(Files.size(cert)).isPositive();
    }
}
