// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
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
 * One participant in a chat room over a real WebSocket to {@code /ws/chat/<room>/}, of Switchboard's chat or of the
 * Django tutorial's, driven from the test thread: the JSON frames that arrive wait in a queue, and the close is
 * recorded. Its methods block the calling thread; never call them from a Vert.x thread.
 */
public final class ChatSocket implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    /** How the server closed the socket. */
    public record Close(Short code, String reason) {}

    private final String name;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames;
    private final Promise<Close> closed;

    private ChatSocket(String name, WebSocket socket, BlockingQueue<JsonObject> frames, Promise<Close> closed) {
        this.name = name;
        this.socket = socket;
        this.frames = frames;
        this.closed = closed;
    }

    /** Opens a room with a session cookie, or none; named after the room and port in messages. */
    public static ChatSocket open(WebSocketClient client, int port, String room, String cookie) throws Exception {
        return open(client, port, room, cookie, room + "@" + port);
    }

    /**
     * Opens {@code /ws/chat/<room>/} on {@code 127.0.0.1:port} from the server's own origin.
     *
     * @param client the client whose Vert.x runs the socket
     * @param port the server's port
     * @param room the room
     * @param cookie a {@code Cookie} header value, or {@code null}
     * @param name the participant, in failure messages
     * @return the open socket
     */
    public static ChatSocket open(WebSocketClient client, int port, String room, String cookie, String name)
            throws Exception {
        return open(client, port, room, "", cookie, name);
    }

    /**
     * Opens {@code /ws/chat/<room>/?<query>}, as a page that comes back names its last position.
     *
     * @param query the query string, without {@code ?}; empty for none
     */
    public static ChatSocket open(
            WebSocketClient client, int port, String room, String query, String cookie, String name) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/" + (query.isEmpty() ? "" : "?" + query))
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
        return new ChatSocket(name, socket, frames, closed);
    }

    /** Waits for the socket to close, failing the test if it stays open. */
    public Close awaitClose() throws Exception {
        return awaitClose(WAIT);
    }

    /** Waits up to {@code wait} for the socket to close, failing the test if it stays open. */
    public Close awaitClose(Duration wait) throws Exception {
        return closed.future().await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the close code once the socket has closed, else {@code null} */
    public Short closeCode() {
        Close close = closed.future().result();
        return close == null ? null : close.code() == null ? -1 : close.code();
    }

    /** The next frame, failing the test if none comes within {@code wait}. */
    public JsonObject next(Duration wait) throws InterruptedException {
        JsonObject frame = poll(wait);
        assertThat(frame).as("%s: a frame within %s", name, wait).isNotNull();
        return frame;
    }

    public JsonObject next() throws InterruptedException {
        return next(WAIT);
    }

    /** The next frame, or {@code null} if none comes within {@code wait}. */
    public JsonObject poll(Duration wait) throws InterruptedException {
        return frames.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The next frame with a {@code message} or an {@code error}, history frames skipped; {@code null} if none came. */
    public JsonObject pollLive(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonObject frame = poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (frame == null || frame.containsKey("message") || frame.containsKey("error")) {
                return frame;
            }
        }
    }

    /** The next live frame whose message is {@code text}, skipping others; {@code null} if none came in time. */
    public JsonObject awaitMessage(String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonObject frame;
        do {
            frame = pollLive(Duration.ofNanos(deadline - System.nanoTime()));
        } while (frame != null && !text.equals(frame.getValue("message")));
        return frame;
    }

    /** @return every live frame that comes within {@code wait} */
    public List<JsonObject> drain(Duration wait) throws InterruptedException {
        List<JsonObject> all = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        JsonObject frame;
        while ((frame = pollLive(Duration.ofNanos(deadline - System.nanoTime()))) != null) {
            all.add(frame);
        }
        return all;
    }

    /** The history frame that starts every connection to Switchboard's chat. */
    public List<JsonObject> history() throws InterruptedException {
        JsonObject frame = next();
        assertThat(frame.containsKey("history"))
                .as("a history frame, got %s", frame)
                .isTrue();
        return frame.getJsonArray("history").stream()
                .map(JsonObject.class::cast)
                .toList();
    }

    /** The next frame, which must be a chat message. */
    public JsonObject message() throws InterruptedException {
        JsonObject frame = next();
        assertThat(frame.getValue("message"))
                .as("a chat message, got %s", frame)
                .isInstanceOf(String.class);
        return frame;
    }

    /** Fails if any frame arrives within {@code quiet}. */
    public void nothing(Duration quiet) throws InterruptedException {
        assertThat(poll(quiet)).as("nothing within %s", quiet).isNull();
    }

    /** Sends {@code {"message": text}}, what both chats' pages send. */
    public void say(String text) throws Exception {
        socket.writeTextMessage(new JsonObject().put("message", text).encode()).await(5, TimeUnit.SECONDS);
    }

    /** Sends a frame as it is. */
    public void send(JsonObject frame) throws Exception {
        socket.writeTextMessage(frame.encode()).await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!closed.future().isComplete()) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
