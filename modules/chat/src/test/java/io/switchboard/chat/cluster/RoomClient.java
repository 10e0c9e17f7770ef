// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A chat participant over a real WebSocket, driven from the test thread: what it writes goes to its room, the live
 * messages it receives wait in a queue (the history frame on entry is left out). Every text a test sends starts with
 * the room's name, so a message from another room shows at once, and so does an error frame.
 */
final class RoomClient {

    private static final String ERROR = "\0error ";

    private final String name;
    private final String room;
    private final WebSocket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<String> foreign = new ArrayList<>();

    private RoomClient(String name, String room, WebSocket socket) {
        this.name = name;
        this.room = room;
        this.socket = socket;
        socket.textMessageHandler(this::frame);
    }

    // the room's recent messages come first, in one frame: these tests count live messages only
    private void frame(String text) {
        JsonObject frame = new JsonObject(text);
        if (frame.containsKey("history")) {
            return;
        }
        received.add(frame.getString("message") != null ? frame.getString("message") : ERROR + text);
    }

    /** Connects to {@code /ws/chat/<room>/} of the server on {@code 127.0.0.1:port}. */
    static RoomClient connect(WebSocketClient client, int port, String room, String name) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/")
                .addHeader("Origin", "http://127.0.0.1:" + port); // the server's own origin
        // the handler is set on the socket's event loop, before any frame can arrive
        return client.connect(options).map(ws -> new RoomClient(name, room, ws)).await(10, TimeUnit.SECONDS);
    }

    String name() {
        return name;
    }

    String room() {
        return room;
    }

    /** Sends {@code "<room>: <text>"} to the room. */
    void say(String text) throws Exception {
        socket.writeTextMessage(
                        new JsonObject().put("message", room + ": " + text).encode())
                .await(5, TimeUnit.SECONDS);
    }

    /**
     * The next text for this client, without the room prefix, or {@code null} if none came in time. A text of
     * another room fails the test.
     */
    String next(Duration wait) throws InterruptedException {
        String text = received.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        if (text == null) {
            return null;
        }
        assertThat(text).as("%s received an error frame", name).doesNotStartWith(ERROR);
        if (!text.startsWith(room + ": ")) {
            foreign.add(text);
            assertThat(foreign)
                    .as("%s (room %s) received another room's messages", name, room)
                    .isEmpty();
        }
        return text.substring(room.length() + 2);
    }

    void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
