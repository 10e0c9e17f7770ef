// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One chat page, in Java: the protocol of the server's browser client ({@code /switchboard/client.js},
 * {@code SwitchboardSocket}) step by step, so that the rehearsal measures what a page would see. It reconnects after
 * any drop or refusal with exponential backoff (500 ms doubling to 30 s) and jitter (half to all of each delay); it
 * tracks the last {@code offset} and {@code epoch} of any frame that carries both and reconnects with
 * {@code ?offset=N&epoch=E}; it publishes each message with a fresh random {@code cid} and sends it again on every
 * connection until a frame naming that cid comes back (the message, {@code {"ack": cid}} or an error), at most 100
 * pending, and drops (and counts) the ones beyond. It connects with its log-in's session cookie. What it receives
 * goes to its {@link PageLedger}. Thread-safe: its methods hold its lock.
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
    /** The frames published that have not come back, by cid, oldest first. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** Of those, the ones written to a socket at least once. */
    private final Set<String> written = new HashSet<>();

    /** Completed by its first connection. */
    private final Promise<Void> firstOpen = Promise.promise();

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
        firstOpen.tryComplete();
        opened.textMessageHandler(this::received);
        opened.closeHandler(v -> dropped(opened));
        // whatever did not come back on the last socket goes again: the server drops the copies it already has
        ledger.resent(written.size());
        pending.forEach((cid, text) -> {
            written.add(cid);
            write(text);
        });
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

    /** Sends a frame that comes back in the stream, with a fresh cid, now and on every connection until it does. */
    synchronized void publish(JsonObject frame) {
        if (pending.size() >= MAX_QUEUED) {
            ledger.overflowed();
            return;
        }
        String cid = UUID.randomUUID().toString();
        String text = frame.copy().put("cid", cid).encode();
        pending.put(cid, text);
        if (socket != null) {
            written.add(cid);
            write(text);
        }
    }

    private void write(String text) {
        // a browser drops a frame sent on a closing socket without a word; it goes again on the next socket
        socket.writeTextMessage(text);
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
        Object cid = frame.getValue("ack") instanceof String ack ? ack : frame.getValue("cid");
        if (cid instanceof String key) {
            pending.remove(key);
            written.remove(key);
        }
        ledger.frame(frame);
    }

    /** @return how many published frames have not come back */
    synchronized int pending() {
        return pending.size();
    }

    /** @return the node its socket is on now, as the balancer named it, or {@code null} while disconnected */
    synchronized String node() {
        return socket == null ? null : node;
    }

    /** @return a future completed once it has connected for the first time */
    Future<Void> firstOpened() {
        return firstOpen.future();
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
