// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.hostile;

import io.switchboard.testsupport.RawWebSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved clients in one room: each sends a message every {@code interval}, well within the rate limits, reads
 * everything, and measures the round trip of its own messages (sent to the room, back through the group). What
 * counts is whether they keep being served while an attack runs: none closed, none of their messages lost, and the
 * worst round trip.
 */
final class Chatters implements AutoCloseable {

    /** Round trips each client makes before an attack starts. */
    static final int WARM = 3;

    /**
     * What the clients saw.
     *
     * @param sent messages sent
     * @param received own messages back
     * @param worstMillis the worst round trip; a message still missing at the end counts with its age
     * @param missing own messages that never came back
     * @param closed clients the server closed, with the close code
     * @param errors error frames they got
     */
    record Result(int sent, int received, long worstMillis, int missing, List<String> closed, List<String> errors) {
        @Override
        public String toString() {
            return "worst round trip " + worstMillis + " ms (" + received + "/" + sent + " back"
                    + (missing > 0 ? ", " + missing + " missing" : "")
                    + (closed.isEmpty() ? "" : ", closed: " + closed)
                    + (errors.isEmpty() ? "" : ", errors: " + errors.subList(0, Math.min(3, errors.size())))
                    + ")";
        }
    }

    private final class Client {
        final String name;
        final WebSocket socket;
        final Map<Long, Long> pending = new ConcurrentHashMap<>();
        final AtomicLong seq = new AtomicLong();
        final AtomicLong worstNanos = new AtomicLong();
        final AtomicInteger received = new AtomicInteger();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> warm = new CompletableFuture<>();
        long timer = -1;

        Client(String name, WebSocket socket) {
            this.name = name;
            this.socket = socket;
        }

        void frame(String text) {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (RuntimeException e) {
                errors.add(name + ": not JSON: " + text.substring(0, Math.min(80, text.length())));
                return;
            }
            if (frame.containsKey("history")) {
                ready.complete(null);
                return;
            }
            if (frame.containsKey("error")) {
                errors.add(name + ": " + frame.encode());
                return;
            }
            Object message = frame.getValue("message");
            if (message instanceof String body && body.startsWith(name + " ")) {
                int end = body.indexOf(' ', name.length() + 1);
                long n = Long.parseLong(body.substring(name.length() + 1, end < 0 ? body.length() : end));
                Long at = pending.remove(n);
                if (at != null) {
                    worstNanos.accumulateAndGet(System.nanoTime() - at, Math::max);
                    if (received.incrementAndGet() == WARM) {
                        warm.complete(null);
                    }
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        }

        void send() {
            long n = seq.getAndIncrement();
            String head = name + " " + n;
            String body = size <= head.length() ? head : head + " " + "x".repeat(size - head.length() - 1);
            pending.put(n, System.nanoTime());
            socket.writeTextMessage(new JsonObject().put("message", body).encode());
        }
    }

    private final Vertx vertx;
    private final WebSocketClient sockets;
    private final long intervalMillis;
    private final int size;
    private final List<Client> clients = new ArrayList<>();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private Result result;

    private Chatters(Vertx vertx, WebSocketClient sockets, long intervalMillis, int size) {
        this.vertx = vertx;
        this.sockets = sockets;
        this.intervalMillis = intervalMillis;
        this.size = size;
    }

    /**
     * Connects the clients, waits for their history frames, and starts them talking.
     *
     * @param vertx the test's Vert.x
     * @param port the server's port
     * @param from the loopback address to connect from, or {@code null}
     * @param room the room
     * @param names the clients' names, unique in the room: each message starts with its client's name
     * @param interval between two messages of one client
     * @param size characters per message (at least the name and number), at most the chat's 4000
     * @return the talking clients
     */
    static Chatters start(
            Vertx vertx, int port, String from, String room, List<String> names, Duration interval, int size)
            throws Exception {
        WebSocketClientOptions options =
                new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20);
        if (from != null) {
            options.setLocalAddress(from);
        }
        Chatters chatters = new Chatters(vertx, vertx.createWebSocketClient(options), interval.toMillis(), size);
        try {
            for (String name : names) {
                chatters.connect(port, room, name);
            }
            for (Client client : chatters.clients) {
                try {
                    client.ready.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(client.name + " got no history frame within 10 s in room " + room
                            + "; closed: " + chatters.closed + ", errors: " + chatters.errors);
                }
            }
            for (Client client : chatters.clients) {
                client.timer = vertx.setPeriodic(chatters.intervalMillis, t -> client.send());
            }
        } catch (Exception | AssertionError e) {
            chatters.close();
            throw e;
        }
        return chatters;
    }

    private void connect(int port, String room, String name) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/ws/chat/" + room + "/")
                .addHeader("Origin", RawWebSocket.ownOrigin(port));
        Client[] holder = new Client[1];
        WebSocket socket = sockets.connect(options)
                .map(ws -> {
                    Client client = new Client(name, ws);
                    holder[0] = client;
                    ws.textMessageHandler(client::frame);
                    ws.closeHandler(v -> {
                        if (!stopping) {
                            closed.add(name + ": " + ws.closeStatusCode() + " " + ws.closeReason());
                        }
                    });
                    return ws;
                })
                .await(10, TimeUnit.SECONDS);
        clients.add(holder[0]);
    }

    /**
     * Waits until every client has had {@value #WARM} round trips.
     *
     * @throws AssertionError if that takes longer than {@code wait}
     */
    void awaitWarm(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Client client : clients) {
            try {
                client.warm.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(client.name + " had " + client.received.get() + " round trips, not " + WARM
                        + ", within " + wait + "; closed: " + closed + ", errors: " + errors);
            }
        }
    }

    /** @return each client's round trips so far, in order, for {@link #awaitRoundsSince} */
    int[] rounds() {
        int[] rounds = new int[clients.size()];
        for (int i = 0; i < rounds.length; i++) {
            rounds[i] = clients.get(i).received.get();
        }
        return rounds;
    }

    /**
     * Waits until every client has had {@code more} round trips since {@code marks}; a closed client is not waited
     * for (its close is in the result).
     *
     * @throws AssertionError if that takes longer than {@code wait}
     */
    void awaitRoundsSince(int[] marks, int more, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (int i = 0; i < marks.length; i++) {
            Client client = clients.get(i);
            int target = marks[i] + more;
            synchronized (client) {
                long left;
                while (client.received.get() < target && !client.socket.isClosed()) {
                    left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(client.name + " had " + (client.received.get() - marks[i])
                                + " round trips, not " + more + ", within " + wait + "; closed: " + closed
                                + ", errors: " + errors);
                    }
                    client.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }
    }

    /**
     * Stops sending, waits up to 2 s for the messages still under way, and closes the clients.
     *
     * @return what they saw
     */
    Result stop() throws InterruptedException {
        if (result != null) {
            return result;
        }
        for (Client client : clients) {
            vertx.cancelTimer(client.timer);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Client client : clients) {
            synchronized (client) {
                long left;
                while (!client.pending.isEmpty()
                        && !client.socket.isClosed()
                        && (left = deadline - System.nanoTime()) > 0) {
                    client.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }
        long now = System.nanoTime();
        long worst = 0;
        int sent = 0;
        int received = 0;
        int missing = 0;
        for (Client client : clients) {
            worst = Math.max(worst, client.worstNanos.get());
            for (long at : client.pending.values()) {
                worst = Math.max(worst, now - at);
            }
            sent += (int) client.seq.get();
            received += client.received.get();
            missing += client.pending.size();
        }
        result = new Result(
                sent,
                received,
                TimeUnit.NANOSECONDS.toMillis(worst),
                missing,
                List.copyOf(closed),
                List.copyOf(errors));
        close();
        return result;
    }

    @Override
    public void close() {
        stopping = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (Client client : clients) {
            vertx.cancelTimer(client.timer);
            closing.add(client.socket.close());
        }
        try {
            Future.join(closing).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        sockets.close();
    }
}
