// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import io.switchboard.consumer.Scope;
import io.switchboard.routing.ProtocolRouter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drives a consumer without a network, Channels' {@code WebsocketCommunicator}: the handshake goes through the
 * router's middleware and URL routes exactly as a socket's would, and frames go straight to the consumer. Unless a
 * {@code Host} header is given, the handshake comes to {@code localhost}, so {@code http://localhost} is the
 * server's own origin.
 *
 * <pre>{@code
 * WebSocketCommunicator chat = WebSocketCommunicator.create(vertx, router, "/ws/chat/lobby/")
 *         .header("Origin", "http://localhost");
 * assertThat(chat.connect().await().accepted()).isTrue();
 * chat.sendJson(new JsonObject().put("message", "hi"));
 * assertThat(chat.receiveJson(Duration.ofSeconds(1)).await().getString("message")).isEqualTo("hi");
 * }</pre>
 *
 * <p>Every method returns at once; the futures complete on the communicator's event-loop context, so tests can
 * compose them or {@code await} them from the test thread.
 */
public final class WebSocketCommunicator {

    private final Vertx vertx;
    private final ProtocolRouter router;
    private final String path;
    private final Context context;
    private final List<String[]> headers = new ArrayList<>();
    private String queryString = "";
    private List<String> subprotocols = List.of();
    private InMemoryTransport transport;

    private WebSocketCommunicator(Vertx vertx, ProtocolRouter router, String path) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.router = Objects.requireNonNull(router, "router");
        this.path = Objects.requireNonNull(path, "path");
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Prepares a connection to a path.
     *
     * @param vertx the Vert.x instance the router was built with
     * @param router the application's router
     * @param path the path, optionally with {@code ?query}
     * @return the communicator, not yet connected
     */
    public static WebSocketCommunicator create(Vertx vertx, ProtocolRouter router, String path) {
        int q = path.indexOf('?');
        WebSocketCommunicator communicator =
                new WebSocketCommunicator(vertx, router, q < 0 ? path : path.substring(0, q));
        if (q >= 0) {
            communicator.queryString = path.substring(q + 1);
        }
        return communicator;
    }

    /**
     * Adds a request header, for example {@code Origin} or {@code Cookie}.
     *
     * @param name the header name
     * @param value its value
     * @return this communicator
     */
    public WebSocketCommunicator header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /**
     * Sets the subprotocols the client offers.
     *
     * @param offered in preference order
     * @return this communicator
     */
    public WebSocketCommunicator subprotocols(List<String> offered) {
        this.subprotocols = List.copyOf(offered);
        return this;
    }

    /**
     * Runs the handshake.
     *
     * @return a future of the outcome: accepted with a subprotocol, or refused with an HTTP status
     */
    public Future<Connection> connect() {
        if (transport != null) {
            return Future.failedFuture(new IllegalStateException("connect() was already called"));
        }
        Scope.Builder scope = Scope.builder(path).queryString(queryString).subprotocols(subprotocols);
        if (headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("host"))) {
            // as a browser on http://localhost would send it: OriginValidator's default, self, compares against it
            scope.header("Host", "localhost");
        }
        headers.forEach(h -> scope.header(h[0], h[1]));
        transport = new InMemoryTransport(context);
        context.runOnContext(v -> router.connect(scope.build(), transport));
        return transport.handshake();
    }

    /**
     * Sends a text frame to the consumer.
     *
     * @param text the frame
     * @return a future completed once delivered to the connection
     */
    public Future<Void> sendText(String text) {
        return connected().compose(t -> t.fromClient(events -> events.text(text)));
    }

    /**
     * Sends a binary frame to the consumer.
     *
     * @param data the frame
     * @return a future completed once delivered to the connection
     */
    public Future<Void> sendBinary(Buffer data) {
        return connected().compose(t -> t.fromClient(events -> events.binary(data)));
    }

    /**
     * Sends a JSON object as a text frame.
     *
     * @param content the object
     * @return a future completed once delivered to the connection
     */
    public Future<Void> sendJson(JsonObject content) {
        return sendText(content.encode());
    }

    /**
     * Waits for the next frame from the consumer, which must be text.
     *
     * @param timeout how long to wait
     * @return a future of the text; it fails on timeout, on a binary frame, or when the socket closed
     */
    public Future<String> receiveText(Duration timeout) {
        return receive(timeout)
                .compose(frame -> frame instanceof String text
                        ? Future.succeededFuture(text)
                        : Future.failedFuture(new AssertionError("Expected a text frame, got binary " + frame)));
    }

    /**
     * Waits for the next frame from the consumer, which must be binary.
     *
     * @param timeout how long to wait
     * @return a future of the bytes
     */
    public Future<Buffer> receiveBinary(Duration timeout) {
        return receive(timeout)
                .compose(frame -> frame instanceof Buffer data
                        ? Future.succeededFuture(data)
                        : Future.failedFuture(new AssertionError("Expected a binary frame, got text " + frame)));
    }

    /**
     * Waits for the next frame and decodes it as a JSON object.
     *
     * @param timeout how long to wait
     * @return a future of the object
     */
    public Future<JsonObject> receiveJson(Duration timeout) {
        return receiveText(timeout).map(JsonObject::new);
    }

    /**
     * Checks that the consumer sends nothing for a while.
     *
     * @param timeout how long to listen
     * @return a future that succeeds if nothing came, and fails with the frame that did
     */
    public Future<Void> receiveNothing(Duration timeout) {
        return connected().compose(t -> t.nothingWithin(timeout.toMillis(), vertx));
    }

    /**
     * Waits for the consumer to close the socket.
     *
     * @param timeout how long to wait
     * @return a future of the close code and reason
     */
    public Future<Close> closed(Duration timeout) {
        return connected().compose(t -> t.closedWithin(timeout.toMillis(), vertx));
    }

    /**
     * Closes from the client's side, as a browser tab that goes away.
     *
     * @param code the close code the consumer's {@code disconnect} receives
     * @return a future completed once the consumer was told
     */
    public Future<Void> disconnect(int code) {
        return connected().compose(t -> t.clientClose(code));
    }

    private Future<Object> receive(Duration timeout) {
        return connected().compose(t -> t.nextFrame(timeout.toMillis(), vertx));
    }

    private Future<InMemoryTransport> connected() {
        if (transport == null) {
            return Future.failedFuture(new IllegalStateException("Call connect() first"));
        }
        return Future.succeededFuture(transport);
    }

    /**
     * The outcome of a handshake.
     *
     * @param accepted whether the consumer accepted
     * @param status 101 when accepted, else the HTTP status of the refusal (403, 404, 500)
     * @param subprotocol the chosen subprotocol, or {@code null}
     */
    public record Connection(boolean accepted, int status, String subprotocol) {}

    /**
     * How the consumer closed the socket.
     *
     * @param code the close code
     * @param reason the reason, or {@code null}
     */
    public record Close(int code, String reason) {}
}
