// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A room's socket over the network, driven from the test thread: what arrives waits in a queue. */
final class ChatSocket implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** How the server closed the socket. */
    record Close(Short code, String reason) {}

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames;
    private final Promise<Close> closed;

    private ChatSocket(WebSocket socket, BlockingQueue<JsonObject> frames, Promise<Close> closed) {
        this.socket = socket;
        this.frames = frames;
        this.closed = closed;
    }

    /** Opens {@code /ws/chat/<room>/} with a session cookie, or none. */
    static ChatSocket open(WebSocketClient client, int port, String room, String cookie) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/")
                .addHeader("Origin", "http://127.0.0.1:" + port); // the server's own origin
        if (cookie != null) {
            options.addHeader("Cookie", cookie);
        }
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        Promise<Close> closed = Promise.promise();
        // the handlers are set on the event loop as the socket opens, before the history frame can arrive
        WebSocket socket = client.connect(options)
                .map(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text)))
                        .closeHandler(v -> closed.tryComplete(new Close(ws.closeStatusCode(), ws.closeReason()))))
                .await(10, TimeUnit.SECONDS);
        return new ChatSocket(socket, frames, closed);
    }

    /** Waits for the socket to close, failing the test if it stays open. */
    Close awaitClose() throws Exception {
        return closed.future().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame, failing the test if none comes within {@code wait}. */
    JsonObject next(Duration wait) throws InterruptedException {
        JsonObject frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("a frame within %s", wait).isNotNull();
        return frame;
    }

    JsonObject next() throws InterruptedException {
        return next(WAIT);
    }

    /** The next frame, or {@code null} if none comes within {@code wait}. */
    JsonObject poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The history frame that starts every connection. */
    @SuppressWarnings("unchecked")
    List<JsonObject> history() throws InterruptedException {
        JsonObject frame = next();
        assertThat(frame.containsKey("history"))
                .as("a history frame, got %s", frame)
                .isTrue();
        return frame.getJsonArray("history").stream()
                .map(JsonObject.class::cast)
                .toList();
    }

    /** The next frame, which must be a chat message. */
    JsonObject message() throws InterruptedException {
        JsonObject frame = next();
        assertThat(frame.getValue("message"))
                .as("a chat message, got %s", frame)
                .isInstanceOf(String.class);
        return frame;
    }

    /** Fails if any frame arrives within {@code quiet}. */
    void nothing(Duration quiet) throws InterruptedException {
        assertThat(poll(quiet)).as("nothing within %s", quiet).isNull();
    }

    void say(String text) throws Exception {
        socket.writeTextMessage(new JsonObject().put("message", text).encode()).await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.close();
    }
}
