// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One chat participant over a real WebSocket to {@code /ws/chat/<room>/} of either chat, driven from the test
 * thread: the frames it receives wait in a queue, and a close is recorded.
 */
final class RoomSocket {

    private final String name;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private volatile Short closeCode;

    private RoomSocket(String name, WebSocket socket) {
        this.name = name;
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closeCode = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
    }

    /** Connects to {@code /ws/chat/<room>/} on {@code 127.0.0.1:port}, with an Origin both chats accept. */
    static RoomSocket connect(WebSocketClient client, String name, int port, String room) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/")
                .addHeader("Origin", "http://127.0.0.1:" + port);
        return new RoomSocket(name, client.connect(options).await(10, TimeUnit.SECONDS));
    }

    /** Sends {@code {"message": text}}, what both chats' pages send. */
    void say(String text) throws Exception {
        socket.writeTextMessage(new JsonObject().put("message", text).encode()).await(5, TimeUnit.SECONDS);
    }

    /** @return the next frame with a {@code message} or an {@code error} (history frames skipped), or null */
    JsonObject next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null || frame.containsKey("message") || frame.containsKey("error")) {
                return frame;
            }
        }
    }

    /** @return the next frame whose message is {@code text}, skipping others, or null if none came in time */
    JsonObject await(String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonObject frame;
        do {
            frame = next(Duration.ofNanos(deadline - System.nanoTime()));
        } while (frame != null && !text.equals(frame.getValue("message")));
        return frame;
    }

    /** @return every message or error frame that comes within {@code wait} */
    List<JsonObject> drain(Duration wait) throws InterruptedException {
        List<JsonObject> all = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        JsonObject frame;
        while ((frame = next(Duration.ofNanos(deadline - System.nanoTime()))) != null) {
            all.add(frame);
        }
        return all;
    }

    /** @return the close code if the socket was closed, else null */
    Short closeCode() {
        return closeCode;
    }

    void close() {
        if (closeCode == null) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
