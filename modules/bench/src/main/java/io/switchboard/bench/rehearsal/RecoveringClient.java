// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One chat page, in Java: the protocol of the server's browser client ({@code /switchboard/client.js},
 * {@code SwitchboardSocket}) step by step, so that the rehearsal measures what a page would see. It reconnects after
 * any drop or refusal with exponential backoff (500 ms doubling to 30 s) and jitter (half to all of each delay); it
 * tracks the last {@code offset} and {@code epoch} of any frame that carries both and reconnects with
 * {@code ?offset=N&epoch=E}; it queues up to 100 frames sent while disconnected and sends them once connected
 * again, and drops (and counts) the ones beyond. It connects with its log-in's session cookie. What it receives goes
 * to its {@link PageLedger}. Thread-safe: its methods hold its lock.
 */
final class RecoveringClient {

    private static final long INITIAL_DELAY = 500;
    private static final long MAX_DELAY = 30_000;
    private static final int MAX_QUEUED = 100;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final int port;
    private final String room;
    private final String cookie;
    private final PageLedger ledger;
    private final Deque<String> queue = new ArrayDeque<>();
    private WebSocket socket;
    private String node;
    private int attempt;
    private boolean closed;
    private long offset = -1;
    private String epoch;

    /**
     * @param port the balancer's port on 127.0.0.1
     * @param room the chat room
     * @param cookie the {@code Cookie} header of the log-in's session, or {@code null} for an anonymous page
     * @param ledger what it receives is noted there
     */
    RecoveringClient(Vertx vertx, WebSocketClient client, int port, String room, String cookie, PageLedger ledger) {
        this.vertx = vertx;
        this.client = client;
        this.port = port;
        this.room = room;
        this.cookie = cookie;
        this.ledger = ledger;
    }

    PageLedger ledger() {
        return ledger;
    }

    /** Opens the first connection. */
    synchronized void connect() {
        if (closed) {
            return;
        }
        String query = epoch == null ? "" : "?offset=" + offset + "&epoch=" + epoch;
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/" + query)
                .addHeader("Origin", "http://127.0.0.1:" + port);
        if (cookie != null) {
            options.addHeader("Cookie", cookie);
        }
        client.connect(options).onComplete(ar -> {
            if (ar.succeeded()) {
                opened(ar.result());
            } else {
                ledger.refused();
                waitAndReconnect();
            }
        });
    }

    private synchronized void opened(WebSocket opened) {
        if (closed) {
            opened.close();
            return;
        }
        socket = opened;
        node = opened.headers().get(Balancer.NODE_HEADER);
        attempt = 0;
        ledger.opened(node);
        opened.textMessageHandler(this::received);
        opened.closeHandler(v -> dropped(opened));
        while (!queue.isEmpty()) {
            write(queue.poll());
        }
    }

    private synchronized void dropped(WebSocket gone) {
        if (socket != gone) {
            return;
        }
        socket = null;
        ledger.closed(gone.closeStatusCode());
        waitAndReconnect();
    }

    private synchronized void waitAndReconnect() {
        if (closed) {
            return;
        }
        long ceiling = (long) Math.min(MAX_DELAY, INITIAL_DELAY * Math.pow(2, attempt));
        long delay = Math.round(ceiling * (0.5 + ThreadLocalRandom.current().nextDouble() / 2));
        attempt++;
        vertx.setTimer(delay, t -> connect());
    }

    /** Sends a frame now, or once connected again. */
    synchronized void send(JsonObject frame) {
        String text = frame.encode();
        if (socket != null) {
            write(text);
        } else if (queue.size() < MAX_QUEUED) {
            queue.add(text);
        } else {
            ledger.overflowed();
        }
    }

    private void write(String text) {
        // a browser drops a frame sent on a closing socket without a word: count it, do nothing else
        socket.writeTextMessage(text).onFailure(err -> ledger.writeFailed());
    }

    private synchronized void received(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException e) {
            ledger.error("not_json");
            return;
        }
        if (frame.getValue("offset") instanceof Number number && frame.getValue("epoch") instanceof String name) {
            if (epoch == null || !epoch.equals(name) || number.longValue() > offset) {
                offset = number.longValue();
                epoch = name;
            }
        }
        ledger.frame(frame);
    }

    /** @return the node its socket is on now, as the balancer named it, or {@code null} while disconnected */
    synchronized String node() {
        return socket == null ? null : node;
    }

    /** @return whether its socket is open */
    synchronized boolean isOpen() {
        return socket != null;
    }

    /** Closes for good: no reconnection. */
    synchronized void close() {
        closed = true;
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public String toString() {
        return ledger.name() + " in " + room;
    }
}
