// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Chrome DevTools Protocol socket to the browser target. Pages are reached through it in flat mode: a command
 * for a page carries that page's {@code sessionId}. Every command has a deadline; events are ignored, since the
 * driver polls the page's state instead.
 */
final class CdpConnection {

    /** Screenshots come back as one base64 message, far above Vert.x's 64 KiB frame default. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final WebSocket socket;
    private final long commandTimeoutMillis;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String method, Promise<JsonObject> promise, long timer) {}

    private CdpConnection(Vertx vertx, WebSocketClient client, WebSocket socket, long commandTimeoutMillis) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
        this.commandTimeoutMillis = commandTimeoutMillis;
        socket.textMessageHandler(this::received);
        socket.closeHandler(v -> failAll("the DevTools socket closed"));
        socket.exceptionHandler(err -> failAll("the DevTools socket failed: " + err));
    }

    /**
     * Connects to a DevTools WebSocket URL such as {@code ws://127.0.0.1:41234/devtools/browser/<id>}.
     *
     * @param vertx the Vert.x instance whose client makes the socket
     * @param url the URL Chromium printed
     * @param commandTimeoutMillis how long any one command may take
     * @return a future of the connection
     */
    static Future<CdpConnection> connect(Vertx vertx, String url, long commandTimeoutMillis) {
        WebSocketClient client = vertx.createWebSocketClient(
                new WebSocketClientOptions().setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES));
        // Chromium refuses DevTools handshakes that carry an Origin header unless --remote-allow-origins is given
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(url)
                .setAllowOriginHeader(false)
                .setTimeout(commandTimeoutMillis);
        return client.connect(options)
                .map(socket -> new CdpConnection(vertx, client, socket, commandTimeoutMillis))
                .onFailure(err -> client.close());
    }

    /**
     * Sends a command and waits for its answer.
     *
     * @param sessionId the page session, or {@code null} for a browser-level command
     * @param method the CDP method, such as {@code Runtime.evaluate}
     * @param params its parameters
     * @return a future of the command's {@code result}; failed with the protocol's error message, or on timeout
     */
    Future<JsonObject> send(String sessionId, String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject command =
                new JsonObject().put("id", id).put("method", method).put("params", params);
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        Promise<JsonObject> promise = Promise.promise();
        long timer = vertx.setTimer(commandTimeoutMillis, t -> {
            Pending late = pending.remove(id);
            if (late != null) {
                late.promise()
                        .tryFail(new IllegalStateException(
                                method + " got no answer from Chromium within " + commandTimeoutMillis + " ms"));
            }
        });
        pending.put(id, new Pending(method, promise, timer));
        socket.writeTextMessage(command.encode()).onFailure(err -> {
            Pending failed = pending.remove(id);
            if (failed != null) {
                vertx.cancelTimer(failed.timer());
                failed.promise().tryFail(err);
            }
        });
        return promise.future();
    }

    /** @return a future completed once the socket and its client are closed */
    Future<Void> close() {
        return socket.close().eventually(client::close);
    }

    private void received(String text) {
        JsonObject message = new JsonObject(text);
        Integer id = message.getInteger("id");
        Pending answered = id == null ? null : pending.remove(id);
        if (answered == null) {
            return;
        }
        vertx.cancelTimer(answered.timer());
        JsonObject error = message.getJsonObject("error");
        if (error != null) {
            answered.promise()
                    .tryFail(new IllegalStateException(answered.method() + " failed in Chromium: "
                            + error.getString("message") + " " + error.getValue("data", "")));
        } else {
            answered.promise().tryComplete(message.getJsonObject("result", new JsonObject()));
        }
    }

    private void failAll(String reason) {
        for (Integer id : pending.keySet()) {
            Pending lost = pending.remove(id);
            if (lost != null) {
                vertx.cancelTimer(lost.timer());
                lost.promise().tryFail(new IllegalStateException(lost.method() + " lost: " + reason));
            }
        }
    }
}
