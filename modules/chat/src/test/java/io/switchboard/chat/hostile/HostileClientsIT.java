// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatJar;
import io.switchboard.testsupport.RawWebSocket;
import io.switchboard.testsupport.RawWebSocket.Close;
import io.switchboard.testsupport.RawWebSocket.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's attacks on the chat jar, each while three well-behaved clients chat in a room of their own (a message
 * every 50 ms each, round trips measured). For each attack: the attacker gets the documented answer (close code and
 * reason, or HTTP status), the others keep being served (none closed, none of their messages lost, worst round trip
 * under {@value #ROUND_TRIP_LIMIT_MILLIS} ms), and the server's resident memory grows by less than
 * {@value #RSS_GROWTH_LIMIT_MB} MB. Each prints one {@code HOSTILE |} line: attack, answer, RSS, others' worst round
 * trip.
 *
 * <p>The server is the chat jar (a child process, {@link ChatJar}) with its default settings, on 127.0.0.1;
 * an attack that needs a smaller limit to stay fast starts its own with that one setting, said at the test. Clients
 * that must look like other machines connect from other loopback addresses (127.0.0.2 and up). Run it with
 * {@code mvn -B -o -pl modules/chat verify -Dit.test=HostileClientsIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false} once the chat jar is built.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileClientsIT {

    static final long ROUND_TRIP_LIMIT_MILLIS = 2_000;
    static final long RSS_GROWTH_LIMIT_MB = 300;
    /** Round trips each calm client makes during an attack, at least: 10 at one every 50 ms, half a second. */
    static final int MIN_ROUNDS_DURING_ATTACK = 10;

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    /** The chat jar with nothing but its default settings (and host, port, database). */
    private static ChatJar defaults;

    /** What an attack sees: the server, the calm room the others chat in, and a line of what it was answered. */
    record Target(ChatJar server, String calmRoom, StringBuilder answer) {
        int port() {
            return server.port();
        }

        void answer(String text) {
            if (!answer.isEmpty()) {
                answer.append("; ");
            }
            answer.append(text);
        }
    }

    @FunctionalInterface
    interface Attack {
        void run(Target target) throws Exception;
    }

    @BeforeAll
    static void startServer() throws Exception {
        ChatJar.requireJar();
        vertx = Vertx.vertx();
        defaults = ChatJar.start("defaults", dir.resolve("defaults"), Map.of());
        // a round of chat first, so that the server's warm-up is not counted against the first attack
        try (Chatters warmUp = Chatters.start(
                vertx, defaults.port(), null, "warm-up", List.of("w1", "w2", "w3"), Duration.ofMillis(20), 0)) {
            warmUp.awaitWarm(Duration.ofSeconds(20));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (defaults != null) {
            defaults.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    // --- 1. permessage-deflate

    @Test
    void compressionIsNotNegotiatedByDefault() throws Exception {
        attack(defaults, "permessage-deflate offered, compression off (default)", null, t -> {
            try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                Response response = ws.upgrade(
                        "/ws/chat/" + hostileRoom() + "/",
                        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
                t.answer(response.status() + ", Sec-WebSocket-Extensions: "
                        + response.header("Sec-WebSocket-Extensions"));
                assertThat(response.status()).isEqualTo(101);
                assertThat(response.header("Sec-WebSocket-Extensions"))
                        .as("the extension the server agreed to with compression off")
                        .isNull();
            }
        });
    }

    @Test
    void deflateBombsCloseWith1009WhileOthersChat() throws Exception {
        // 4 frames of 1 MB that inflate to 1 GB each (the "four of them"), and one under maxFrameSize
        // (64 KiB) that inflates to 64 MB, so the cap while inflating is what stops it, not the frame size
        Bomb big = Bomb.of(999_000);
        Bomb small = Bomb.of(60_000);
        // SWITCHBOARD_COMPRESSION=true: the bomb needs permessage-deflate, which is off by default
        try (ChatJar server =
                ChatJar.start("compression", dir.resolve("compression"), Map.of("SWITCHBOARD_COMPRESSION", "true"))) {
            attack(server, "permessage-deflate bomb (4 x 1 MB -> 1 GB, 1 x 60 KB -> 64 MB)", null, t -> {
                List<Bomb> bombs = List.of(big, big, big, big, small);
                ExecutorService pool = Executors.newFixedThreadPool(bombs.size() * 2);
                List<RawWebSocket> sockets = new ArrayList<>();
                try {
                    List<Future<Close>> closes = new ArrayList<>();
                    List<Long> sentAt = new ArrayList<>();
                    List<AtomicLong> closedAt = new ArrayList<>();
                    for (Bomb bomb : bombs) {
                        RawWebSocket ws = RawWebSocket.connect(t.port());
                        sockets.add(ws);
                        Response response = ws.upgrade(
                                "/ws/chat/" + t.calmRoom() + "/", "Sec-WebSocket-Extensions: permessage-deflate");
                        assertThat(response.status()).isEqualTo(101);
                        assertThat(response.header("Sec-WebSocket-Extensions"))
                                .as("permessage-deflate agreed with SWITCHBOARD_COMPRESSION=true")
                                .contains("permessage-deflate");
                        AtomicLong closed = new AtomicLong();
                        closedAt.add(closed);
                        // read from the start: the close frame may come while the bomb is still being written
                        closes.add(pool.submit(() -> {
                            Close close = ws.awaitClose(10_000, null);
                            closed.set(System.nanoTime());
                            return close;
                        }));
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < bombs.size(); i++) {
                        RawWebSocket ws = sockets.get(i);
                        byte[] frame = RawWebSocket.frame(
                                true,
                                RawWebSocket.RSV1,
                                RawWebSocket.TEXT,
                                bombs.get(i).deflated());
                        pool.submit(() -> {
                            try {
                                ws.write(frame);
                            } catch (IOException e) {
                                // closed before it had all of it: the close frame tells
                            }
                            return null;
                        });
                        sentAt.add(start);
                    }
                    List<String> seen = new ArrayList<>();
                    List<Close> results = new ArrayList<>();
                    for (int i = 0; i < bombs.size(); i++) {
                        Close close = closes.get(i).get(15, TimeUnit.SECONDS);
                        results.add(close);
                        seen.add(close
                                + (close == Close.OPEN
                                        ? " after 10 s"
                                        : " in " + (closedAt.get(i).get() - sentAt.get(i)) / 1_000_000 + " ms"));
                    }
                    t.answer(String.join(", ", seen));
                    for (int i = 0; i < results.size(); i++) {
                        assertThat(results.get(i))
                                .as("bomb %d (%s)", i, bombs.get(i))
                                .isEqualTo(new Close(1009, "message_too_large"));
                        assertThat((closedAt.get(i).get() - sentAt.get(i)) / 1_000_000)
                                .as("ms from sending bomb %d to its close frame", i)
                                .isLessThan(3_000);
                    }
                } finally {
                    sockets.forEach(RawWebSocket::close);
                    pool.shutdownNow();
                }
            });
        }
    }

    /** A permessage-deflate payload of zeros: raw deflate, sync-flushed, without the final {@code 00 00 FF FF}. */
    record Bomb(byte[] deflated, long inflated) {
        /**
         * Makes one of at most {@code maxBytes}. Each MiB of zeros after the first compresses, after a sync flush,
         * to the same bytes that refer only to earlier zeros, so one such segment is repeated rather than deflating
         * a gigabyte here.
         */
        static Bomb of(int maxBytes) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] zeros = new byte[1 << 20];
            try {
                byte[] first = flushed(deflater, zeros);
                byte[] segment = flushed(deflater, zeros);
                ByteArrayOutputStream out = new ByteArrayOutputStream(maxBytes);
                out.write(first, 0, first.length);
                long inflated = zeros.length;
                while (out.size() + segment.length <= maxBytes) {
                    out.write(segment, 0, segment.length);
                    inflated += zeros.length;
                }
                byte[] bytes = out.toByteArray();
                assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length))
                        .as("a sync flush's tail")
                        .containsExactly(0, 0, 0xff, 0xff);
                return new Bomb(Arrays.copyOf(bytes, bytes.length - 4), inflated);
            } finally {
                deflater.end();
            }
        }

        private static byte[] flushed(Deflater deflater, byte[] input) {
            deflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length || !deflater.needsInput());
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return deflated.length + " bytes inflating to " + inflated / (1 << 20) + " MiB";
        }
    }

    // --- 2. pings

    @Test
    void pingFloodFromAClientThatNeverReadsIsStopped() throws Exception {
        attack(defaults, "ping flood, never reading (3 s)", null, t -> {
            String from = "127.0.0.8"; // its own address, so the server's log line about it is not held back
            long mark = t.server().process().mark();
            // a small receive window, so that the pongs back up on the server's side at once
            try (RawWebSocket ws = RawWebSocket.connect(from, t.port(), 4096)) {
                assertThat(ws.upgrade("/ws/chat/" + hostileRoom() + "/").status())
                        .isEqualTo(101);
                byte[] ping = RawWebSocket.frame(
                        true, 0, RawWebSocket.PING, "p".repeat(125).getBytes(StandardCharsets.UTF_8));
                int perWrite = 64;
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < perWrite; i++) {
                    batch.write(ping, 0, ping.length);
                }
                byte[] pings = batch.toByteArray();
                AtomicLong sent = new AtomicLong();
                AtomicLong lastWrite = new AtomicLong(System.nanoTime());
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<IOException> writeFailed = new AtomicReference<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                Thread writer = new Thread(
                        () -> {
                            try {
                                while (!stop.get() && System.nanoTime() < deadline && sent.get() < 2_000_000) {
                                    ws.write(pings);
                                    sent.addAndGet(perWrite);
                                    lastWrite.set(System.nanoTime());
                                }
                            } catch (IOException e) {
                                writeFailed.set(e);
                            }
                        },
                        "ping-flood");
                writer.setDaemon(true);
                writer.start();
                writer.join(3_200);
                long stalledMillis = (System.nanoTime() - lastWrite.get()) / 1_000_000;
                boolean blocked = writer.isAlive() && stalledMillis > 500;
                stop.set(true);
                // now read what the server has for it: pongs, perhaps an error frame, perhaps a close frame
                List<String> texts = new ArrayList<>();
                Close close = ws.awaitClose(4_000, texts);
                writer.join(2_000);
                String logged =
                        t.server().process().awaitLine(mark, line -> line.contains(from), Duration.ofMillis(500));
                t.answer(close + " after " + sent.get() + " pings (" + sent.get() * ping.length / 1024 + " KB)"
                        + (blocked
                                ? ", its writes blocked for " + stalledMillis + " ms (the server stopped reading)"
                                : "")
                        + (writeFailed.get() != null
                                ? ", its writes failed: " + writeFailed.get().getMessage()
                                : "")
                        + (texts.isEmpty() ? "" : ", texts: " + abbreviate(texts))
                        + (logged == null ? ", no log line about it" : ", server log: " + logged.trim()));
                assertThat(close.isFrame() && (close.code() == 1008 || close.code() == 4000)
                                || close == Close.EOF
                                || blocked)
                        .as(
                                "the connection ended (1008 rate_limited or 4000 too_slow) or the server stopped reading;"
                                        + " saw %s, writes stalled %d ms",
                                close, stalledMillis)
                        .isTrue();
                if (close.isFrame()) {
                    assertThat(close.reason()).isIn("rate_limited", "too_slow");
                }
            }
        });
    }

    // --- 3. slowloris

    @Test
    void slowlorisAndIdleConnectionsAreClosedAtTheRequestTimeout() throws Exception {
        // SWITCHBOARD_REQUEST_TIMEOUT=2 (default 10 s) keeps the test short
        int timeoutSeconds = 2;
        try (ChatJar server = ChatJar.start(
                "slowloris", dir.resolve("slowloris"), Map.of("SWITCHBOARD_REQUEST_TIMEOUT", "" + timeoutSeconds))) {
            attack(server, "slowloris: 200 upgrades at a byte a second + 20 idle connections", null, t -> {
                byte[] request = RawWebSocket.head(
                                "GET",
                                "/ws/chat/" + hostileRoom() + "/",
                                t.port(),
                                "Origin: " + RawWebSocket.ownOrigin(t.port()),
                                "Upgrade: websocket",
                                "Connection: Upgrade",
                                "Sec-WebSocket-Key: " + RawWebSocket.KEY,
                                "Sec-WebSocket-Version: 13")
                        .getBytes(StandardCharsets.ISO_8859_1);
                int dribbling = 200;
                int idle = 20;
                long[] opened = new long[dribbling + idle];
                long[] closed = new long[dribbling + idle];
                long[] received = new long[dribbling + idle];
                List<SocketChannel> channels = new ArrayList<>();
                try (Selector selector = Selector.open()) {
                    for (int i = 0; i < dribbling + idle; i++) {
                        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", t.port()));
                        opened[i] = System.nanoTime();
                        channel.configureBlocking(false);
                        channel.register(selector, SelectionKey.OP_READ, i);
                        channels.add(channel);
                    }
                    long start = System.nanoTime();
                    long end = start + TimeUnit.SECONDS.toNanos(timeoutSeconds + 4);
                    int open = channels.size();
                    int sentBytes = 0;
                    long nextByte = start;
                    ByteBuffer sink = ByteBuffer.allocate(4096);
                    while (open > 0 && System.nanoTime() < end) {
                        if (System.nanoTime() >= nextByte && sentBytes < request.length) {
                            for (int i = 0; i < dribbling; i++) {
                                if (closed[i] == 0) {
                                    try {
                                        channels.get(i).write(ByteBuffer.wrap(request, sentBytes, 1));
                                    } catch (IOException e) {
                                        closed[i] = System.nanoTime();
                                        open--;
                                    }
                                }
                            }
                            sentBytes++;
                            nextByte += TimeUnit.SECONDS.toNanos(1);
                        }
                        selector.select(100);
                        for (SelectionKey key : selector.selectedKeys()) {
                            int i = (Integer) key.attachment();
                            int n;
                            try {
                                sink.clear();
                                n = channels.get(i).read(sink);
                            } catch (IOException e) {
                                n = -1;
                            }
                            if (n > 0) {
                                received[i] += n;
                            } else if (n < 0) {
                                key.cancel();
                                if (closed[i] == 0) {
                                    closed[i] = System.nanoTime();
                                    open--;
                                }
                            }
                        }
                        selector.selectedKeys().clear();
                    }
                    long slowest = 0;
                    int stillOpen = 0;
                    for (int i = 0; i < opened.length; i++) {
                        if (closed[i] == 0) {
                            stillOpen++;
                        } else {
                            slowest = Math.max(slowest, (closed[i] - opened[i]) / 1_000_000);
                        }
                    }
                    long answered = Arrays.stream(received).filter(n -> n > 0).count();
                    t.answer((opened.length - stillOpen) + "/" + opened.length + " closed by the server, the last "
                            + slowest + " ms after connecting"
                            + (stillOpen > 0
                                    ? ", " + stillOpen + " still open after " + (timeoutSeconds + 4) + " s"
                                    : "")
                            + (answered > 0 ? ", " + answered + " got bytes back" : "") + ", " + sentBytes
                            + " bytes dribbled");
                    assertThat(stillOpen).as("connections still open").isZero();
                    assertThat(slowest)
                            .as(
                                    "ms from connecting to the server's close, for a request timeout of %d s",
                                    timeoutSeconds)
                            .isLessThanOrEqualTo(timeoutSeconds * 1000L + 1500);
                } finally {
                    for (SocketChannel channel : channels) {
                        channel.close();
                    }
                }
            });
        }
    }

    // --- 4. connection floods

    @Test
    void connectionFloodsAreAnswered429PerAddressAnd503InAll() throws Exception {
        // SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=20 (default 100) and SWITCHBOARD_MAX_CONNECTIONS=40 (default: from
        // the file-descriptor limit) keep the flood small. The others chat from 127.0.0.3 (3 sockets); the first
        // attacker (127.0.0.1) may open 20, the second (127.0.0.2) the 17 left of 40
        try (ChatJar server = ChatJar.start(
                "connection-flood",
                dir.resolve("connection-flood"),
                Map.of("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "20", "SWITCHBOARD_MAX_CONNECTIONS", "40"))) {
            attack(
                    server,
                    "connection flood from one address, then a second (limits 20/address, 40 in all)",
                    "127.0.0.3",
                    t -> {
                        List<RawWebSocket> held = new ArrayList<>();
                        try {
                            String room = hostileRoom();
                            int[] first = openUntilRefused(t.port(), "127.0.0.1", room, 60, held);
                            int[] second = openUntilRefused(t.port(), "127.0.0.2", room, 60, held);
                            t.answer("127.0.0.1: " + first[0] + " x 101 then " + status(first[1]) + "; 127.0.0.2: "
                                    + second[0] + " x 101 then " + status(second[1]));
                            assertThat(first)
                                    .as("127.0.0.1: sockets accepted, then the status")
                                    .containsExactly(20, 429);
                            assertThat(second)
                                    .as("127.0.0.2: sockets accepted, then the status")
                                    .containsExactly(17, 503);
                        } finally {
                            held.forEach(RawWebSocket::close);
                        }
                    });
        }
    }

    /** @return sockets accepted, then the first refusal's status (-1 for none within {@code max}, 0 for EOF) */
    private static int[] openUntilRefused(int port, String from, String room, int max, List<RawWebSocket> held)
            throws IOException {
        for (int i = 0; i < max; i++) {
            RawWebSocket ws = RawWebSocket.connect(from, port, 0);
            held.add(ws);
            int status;
            try {
                status = ws.upgrade("/ws/chat/" + room + "/").status();
            } catch (IOException e) {
                status = 0;
            }
            if (status != 101) {
                return new int[] {i, status};
            }
        }
        return new int[] {max, -1};
    }

    private static String status(int status) {
        return status == -1 ? "no refusal" : status == 0 ? "TCP closed" : String.valueOf(status);
    }

    // --- 5. sessions

    @Test
    void requestsWithoutACookieSetNoCookie() throws Exception {
        // /chat/ set no cookie even before sessions became lazy (its reroute drops it), so the pages and APIs a
        // cookieless visitor reaches are asked in turn
        List<String> paths =
                List.of("/chat/", "/", "/chat/lobby/", "/chat/api/me", "/chat/api/rooms", "/static/chat/index.html");
        attack(defaults, "2,000 GETs without a cookie (/chat/ and 5 more paths in turn)", null, t -> {
            int threads = 4;
            int each = 500;
            AtomicInteger answered = new AtomicInteger();
            Map<String, AtomicInteger> cookies = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
            List<String> examples = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int n = 0; n < threads; n++) {
                    int first = n;
                    done.add(pool.submit(() -> {
                        RawWebSocket http = RawWebSocket.connect(t.port());
                        try {
                            for (int i = 0; i < each; i++) {
                                String path = paths.get((first + i) % paths.size());
                                String request = RawWebSocket.head("GET", path, t.port());
                                Response response;
                                try {
                                    response = http.request(request);
                                } catch (IOException e) {
                                    http.close(); // the server ended the keep-alive connection: a new one
                                    http = RawWebSocket.connect(t.port());
                                    response = http.request(request);
                                }
                                answered.incrementAndGet();
                                if (response.status() >= 400) {
                                    refused.computeIfAbsent(path + " " + response.status(), k -> new AtomicInteger())
                                            .incrementAndGet();
                                }
                                if (!response.headers("set-cookie").isEmpty()
                                        && cookies.computeIfAbsent(path, k -> new AtomicInteger())
                                                        .incrementAndGet()
                                                == 1
                                        && examples.size() < 2) {
                                    examples.add(path + ": Set-Cookie: " + response.header("set-cookie"));
                                }
                            }
                        } finally {
                            http.close();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(40, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            int withCookie =
                    cookies.values().stream().mapToInt(AtomicInteger::get).sum();
            t.answer(answered.get() + " answered" + (refused.isEmpty() ? " (none >= 400)" : ", refused " + refused)
                    + ", " + withCookie + " with Set-Cookie"
                    + (cookies.isEmpty() ? "" : " " + cookies + " " + examples));
            assertThat(answered.get()).isEqualTo(threads * each);
            assertThat(refused).as("answers of 400 and up, by path and status").isEmpty();
            assertThat(withCookie).as("responses with Set-Cookie").isZero();
        });
    }

    // --- 6. message flood

    @Test
    void messageFloodGetsRateLimitedThenClosedWith1008() throws Exception {
        attack(defaults, "message flood: 4 KB messages as fast as possible (2 s)", null, t -> {
            String room = hostileRoom();
            try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                assertThat(ws.upgrade("/ws/chat/" + room + "/").status()).isEqualTo(101);
                ws.readText(); // the history
                List<String> texts = new CopyOnWriteArrayList<>();
                CompletableFuture<Close> closed = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ws.awaitClose(8_000, texts);
                    } catch (IOException e) {
                        return new Close(-3, e.toString());
                    }
                });
                byte[] message = new JsonObject()
                        .put("message", "flood " + "x".repeat(3_990))
                        .encode()
                        .getBytes(StandardCharsets.UTF_8);
                byte[] frame = RawWebSocket.frame(true, 0, RawWebSocket.TEXT, message);
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < 16; i++) {
                    batch.write(frame, 0, frame.length);
                }
                byte[] frames = batch.toByteArray();
                long sent = 0;
                String stopped = "2 s passed";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                try {
                    while (System.nanoTime() < deadline && !closed.isDone()) {
                        ws.write(frames);
                        sent += 16;
                    }
                    if (closed.isDone()) {
                        stopped = "closed";
                    }
                } catch (IOException e) {
                    stopped = "write failed: " + e.getMessage();
                }
                Close close = closed.get(10, TimeUnit.SECONDS);
                String limited = texts.stream()
                        .filter(text -> text.contains("\"error\""))
                        .findFirst()
                        .orElse(null);
                long stored = storedMessages(t.port(), room);
                t.answer((limited == null ? "no error frame" : limited) + ", then " + close + "; sent " + sent
                        + " messages (" + sent * frame.length / 1024 + " KB, stopped: " + stopped + "), " + stored
                        + " stored in the room");
                assertThat(limited).as("an error frame").isNotNull();
                JsonObject error = new JsonObject(limited);
                assertThat(error.getString("error")).isEqualTo("rate_limited");
                assertThat(error.getString("limit")).isIn("messages", "bytes");
                assertThat(close).isEqualTo(new Close(1008, "rate_limited"));
                // the default burst (100) and rate (50/s) for 2 s, and some room
                assertThat(stored).as("messages stored in the room").isLessThanOrEqualTo(300);
            }
        });
    }

    /**
     * @return the room's stored message count from {@code /chat/api/rooms}, read once what the server broadcast in
     *     the room is stored: a reader joining a room gets its history frame only after that
     */
    private static long storedMessages(int port, String room) throws Exception {
        try (Chatters probe = Chatters.start(vertx, port, null, room, List.of("probe"), Duration.ofHours(1), 0)) {
            JsonObject listed = listedRoom(port, room);
            return listed == null ? 0 : listed.getLong("messages", 0L);
        }
    }

    private static JsonObject listedRoom(int port, String room) throws IOException {
        Response response = http(null, port, "GET", "/chat/api/rooms", null);
        assertThat(response.status()).as("GET /chat/api/rooms").isEqualTo(200);
        JsonArray rooms = new JsonArray(response.text());
        for (int i = 0; i < rooms.size(); i++) {
            JsonObject listed = rooms.getJsonObject(i);
            if (room.equals(listed.getString("name"))) {
                return listed;
            }
        }
        return null;
    }

    // --- 7. slow reader

    @Test
    void aClientThatStopsReadingInABusyRoomIsClosedWith4000NotSilentlyDropped() throws Exception {
        attack(defaults, "slow reader in a busy room (6 senders x 40 msg/s x 4 KB)", null, t -> {
            String from = "127.0.0.7"; // its own address, so the server's log line about it is not held back
            try (RawWebSocket slow = RawWebSocket.connect(from, t.port(), 4096)) {
                assertThat(slow.upgrade("/ws/chat/" + t.calmRoom() + "/").status())
                        .isEqualTo(101);
                long mark = t.server().process().mark();
                List<String> names = List.of("busy-1", "busy-2", "busy-3", "busy-4", "busy-5", "busy-6");
                Chatters.Result busy;
                String logged;
                try (Chatters senders =
                        Chatters.start(vertx, t.port(), null, t.calmRoom(), names, Duration.ofMillis(25), 4_000)) {
                    // it never reads until the server says (in its log) that it closed it, or 8 s pass
                    logged = t.server()
                            .process()
                            .awaitLine(
                                    mark,
                                    line -> line.contains(from) && line.contains("4000"),
                                    Duration.ofMillis(8_000));
                    busy = senders.stop();
                }
                List<String> texts = new ArrayList<>();
                Close close = slow.awaitClose(5_000, texts);
                List<String> gaps = gaps(texts, names);
                long bytes = texts.stream().mapToLong(String::length).sum();
                t.answer(close + " after reading " + texts.size() + " messages (" + bytes / 1024 + " KB) it had"
                        + " not read, " + (gaps.isEmpty() ? "no gap" : "gaps " + abbreviate(gaps))
                        + (logged == null ? ", no log line about it" : ", server log: " + logged.trim())
                        + "; senders: " + busy);
                assertThat(busy.closed()).as("busy senders closed").isEmpty();
                assertThat(gaps)
                        .as("messages missing in the middle of what it got (silent drops)")
                        .isEmpty();
                assertThat(close == Close.EOF && logged != null && logged.contains("4000 too_slow")
                                || close.equals(new Close(4000, "too_slow")))
                        .as(
                                "closed with 4000 too_slow (a close frame, or the TCP connection cut after the server"
                                        + " logged 4000 too_slow); saw %s, log: %s",
                                close, logged)
                        .isTrue();
            }
        });
    }

    /** @return where the numbered messages of one sender skip numbers, after the first one seen */
    private static List<String> gaps(List<String> texts, List<String> startAtZero) {
        Map<String, Long> last = new HashMap<>();
        List<String> gaps = new ArrayList<>();
        for (String text : texts) {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (RuntimeException e) {
                continue;
            }
            if (!(frame.getValue("message") instanceof String body)) {
                continue;
            }
            String[] words = body.split(" ", 3);
            if (words.length < 2 || !words[1].matches("\\d+")) {
                continue;
            }
            long n = Long.parseLong(words[1]);
            Long before = last.put(words[0], n);
            long expected = before == null ? (startAtZero.contains(words[0]) ? 0 : n) : before + 1;
            if (n != expected) {
                gaps.add(words[0] + " " + expected + ".." + (n - 1));
            }
        }
        return gaps;
    }

    // --- 8. room list

    @Test
    void theRoomListCountsEveryDeparture() throws Exception {
        attack(defaults, "room list head counts: 2 join, 1 leaves cleanly, 1 drops", null, t -> {
            String room = hostileRoom();
            RawWebSocket first = RawWebSocket.connect(t.port());
            RawWebSocket second = RawWebSocket.connect(t.port());
            try {
                for (RawWebSocket ws : List.of(first, second)) {
                    assertThat(ws.upgrade("/ws/chat/" + room + "/").status()).isEqualTo(101);
                    ws.readText();
                }
                // a member is counted before its history frame is sent, so no wait is needed here
                JsonObject listed = listedRoom(t.port(), room);
                long both = listed == null ? -1 : listed.getLong("members", -1L);
                first.send(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8});
                Close reply = first.awaitClose(3_000, null);
                long one = awaitMembers(t.port(), room, 1);
                second.close(); // no close frame: the TCP connection just ends
                JsonObject afterDrop = awaitGone(t.port(), room);
                t.answer(
                        "2 in: " + both + " listed; one closed (" + reply + "): " + one + " listed; the other dropped: "
                                + (afterDrop == null ? "room gone from the list" : afterDrop.encode()));
                assertThat(both).as("members with 2 in").isEqualTo(2);
                assertThat(one).as("members after one left").isEqualTo(1);
                assertThat(afterDrop)
                        .as("the empty room (no messages) in the list")
                        .isNull();
            } finally {
                first.close();
                second.close();
            }
        });
    }

    /** @return the room's listed members once it is {@code expected}, or its last value after 3 s (-1: not listed) */
    private static long awaitMembers(int port, String room, long expected) throws Exception {
        long members = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        do {
            JsonObject listed = listedRoom(port, room);
            members = listed == null ? -1 : listed.getLong("members", -1L);
            if (members == expected) {
                return members;
            }
            // a departure has no event a client sees, and the list is read over HTTP: poll it
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return members;
    }

    /** @return {@code null} once the room has left the list, or its entry after 3 s */
    private static JsonObject awaitGone(int port, String room) throws Exception {
        JsonObject listed;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        do {
            listed = listedRoom(port, room);
            if (listed == null) {
                return null;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return listed;
    }

    // --- 9. log-out

    @Test
    void loggingOutClosesTheSessionsSocketsWith4001() throws Exception {
        attack(defaults, "log-out with a socket open", null, t -> {
            String cookie =
                    signUp(t.port(), "leaver" + ThreadLocalRandom.current().nextInt(1_000_000));
            try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                assertThat(ws.upgrade("/ws/chat/" + hostileRoom() + "/", "Cookie: " + cookie)
                                .status())
                        .isEqualTo(101);
                ws.readText();
                long start = System.nanoTime();
                Response out = http(null, t.port(), "POST", "/chat/api/logout", "{}", "Cookie: " + cookie);
                Close close = ws.awaitClose(2_000, null);
                long millis = (System.nanoTime() - start) / 1_000_000;
                t.answer("POST /chat/api/logout " + out.status() + "; the socket: " + close
                        + (close == Close.OPEN ? " 2 s later" : " " + millis + " ms after the log-out"));
                assertThat(out.status()).isEqualTo(200);
                assertThat(close).isEqualTo(new Close(4001, "session_ended"));
            }
        });
    }

    /** Signs up, and returns the session cookie ({@code name=value}). */
    private static String signUp(int port, String username) throws IOException {
        Response response = http(
                null,
                port,
                "POST",
                "/chat/api/signup",
                new JsonObject()
                        .put("username", username)
                        .put("password", PASSWORD)
                        .encode());
        assertThat(response.status())
                .as("sign-up of %s: %s", username, response.text())
                .isEqualTo(201);
        String setCookie = response.header("set-cookie");
        assertThat(setCookie).as("the session cookie of a sign-up").isNotNull();
        return setCookie.split(";", 2)[0];
    }

    // --- 10. log-in flood

    @Test
    void aLogInFloodIsRefusedFastAndARealLogInStillPasses() throws Exception {
        attack(defaults, "200 parallel bad log-ins for one username", null, t -> {
            String victim = "victim" + ThreadLocalRandom.current().nextInt(1_000_000);
            String real = "regular" + ThreadLocalRandom.current().nextInt(1_000_000);
            signUp(t.port(), victim);
            signUp(t.port(), real);
            String attacker = "127.0.0.66"; // its own address: the per-address throttle is the attacker's alone
            int attempts = 200;
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            try {
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch firstAnswer = new CountDownLatch(1);
                List<Future<long[]>> answers = new ArrayList<>();
                String bad = new JsonObject()
                        .put("username", victim)
                        .put("password", "wrong-password")
                        .encode();
                for (int i = 0; i < attempts; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        long start = System.nanoTime();
                        Response response = http(attacker, t.port(), "POST", "/chat/api/login", bad);
                        firstAnswer.countDown();
                        long code = response.status() == 429 && !response.text().contains("too_many_attempts")
                                        || response.status() == 503
                                                && !response.text().contains("busy")
                                ? -response.status()
                                : response.status();
                        return new long[] {code, (System.nanoTime() - start) / 1_000_000};
                    }));
                }
                go.countDown();
                assertThat(firstAnswer.await(10, TimeUnit.SECONDS))
                        .as("the flood is under way")
                        .isTrue();
                long start = System.nanoTime();
                Response login = http(
                        null,
                        t.port(),
                        "POST",
                        "/chat/api/login",
                        new JsonObject()
                                .put("username", real)
                                .put("password", PASSWORD)
                                .encode());
                long loginMillis = (System.nanoTime() - start) / 1_000_000;
                Map<Long, Integer> statuses = new LinkedHashMap<>();
                long slowestRefusal = 0;
                long slowest = 0;
                for (Future<long[]> answer : answers) {
                    long[] a = answer.get(40, TimeUnit.SECONDS);
                    statuses.merge(a[0], 1, Integer::sum);
                    slowest = Math.max(slowest, a[1]);
                    if (a[0] == 429 || a[0] == 503) {
                        slowestRefusal = Math.max(slowestRefusal, a[1]);
                    }
                }
                int refused = statuses.getOrDefault(429L, 0) + statuses.getOrDefault(503L, 0);
                t.answer("statuses " + statuses + ", slowest refusal " + slowestRefusal + " ms, slowest answer "
                        + slowest + " ms; a real log-in meanwhile: " + login.status() + " in " + loginMillis + " ms");
                assertThat(login.status()).as("the real log-in").isEqualTo(200);
                assertThat(loginMillis).as("ms for the real log-in").isLessThan(2_000);
                assertThat(statuses.keySet())
                        .as("statuses (negative: 429 without too_many_attempts, 503 without busy)")
                        .isSubsetOf(401L, 429L, 503L);
                assertThat(refused).as("bad log-ins refused with 429 or 503").isGreaterThanOrEqualTo(attempts / 2);
                assertThat(slowestRefusal).as("ms for the slowest 429/503").isLessThan(2_000);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    // --- 11. origins

    @Test
    void onlyTheServersOwnOriginMayOpenASocket() throws Exception {
        attack(defaults, "origins: other port, other scheme, two Origin headers, own", null, t -> {
            int other = t.port() == 65535 ? t.port() - 1 : t.port() + 1;
            String own = RawWebSocket.ownOrigin(t.port());
            Map<String, String[]> cases = new LinkedHashMap<>();
            cases.put("other port", new String[] {"Origin: http://127.0.0.1:" + other});
            cases.put("other scheme", new String[] {"Origin: https://127.0.0.1:" + t.port()});
            cases.put("own twice", new String[] {"Origin: " + own, "Origin: " + own});
            cases.put("own + other port", new String[] {"Origin: " + own, "Origin: http://127.0.0.1:" + other});
            cases.put("own", new String[] {"Origin: " + own});
            Map<String, Integer> expected = Map.of(
                    "other port", 403, "other scheme", 403, "own twice", 403, "own + other port", 403, "own", 101);
            Map<String, Integer> seen = handshakes(t.port(), cases, true);
            t.answer(seen.toString());
            assertThat(seen).containsExactlyInAnyOrderEntriesOf(expected);
        });
    }

    /** Harness check, holds today: an origin on another host. */
    @Test
    void aForeignHostsOriginIsRefusedWith403() throws Exception {
        attack(defaults, "origin of another host", null, t -> {
            Map<String, Integer> seen = handshakes(
                    t.port(), Map.of("other host", new String[] {"Origin: http://evil.example:" + t.port()}), true);
            t.answer(seen.toString());
            assertThat(seen).containsEntry("other host", 403);
        });
    }

    /**
     * Sends one handshake per case on a new connection.
     *
     * @param cases name to header lines
     * @param valid whether to add a valid version 13 handshake's lines (without Origin) before them
     * @return name to status (0: the connection ended with no answer)
     */
    private static Map<String, Integer> handshakes(int port, Map<String, String[]> cases, boolean valid)
            throws IOException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            List<String> lines = new ArrayList<>(valid ? RawWebSocket.handshakeHeaders() : List.of());
            lines.addAll(List.of(c.getValue()));
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                seen.put(
                        c.getKey(),
                        ws.request(RawWebSocket.head(
                                        "GET", "/ws/chat/" + hostileRoom() + "/", port, lines.toArray(String[]::new)))
                                .status());
            } catch (IOException e) {
                seen.put(c.getKey(), 0);
            }
        }
        return seen;
    }

    // --- 12. protocol strictness

    @Test
    void handshakesOtherThanVersion13WithAValidKeyAreRefused() throws Exception {
        attack(defaults, "obsolete and broken handshakes", null, t -> {
            Map<String, Integer> seen = new LinkedHashMap<>();
            Map<String, String> versionHeader = new LinkedHashMap<>();
            for (Map.Entry<String, String> c : malformedUpgrades(t.port()).entrySet()) {
                try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                    Response response = ws.request(c.getValue());
                    seen.put(c.getKey(), response.status());
                    versionHeader.put(c.getKey(), response.header("Sec-WebSocket-Version"));
                } catch (IOException e) {
                    seen.put(c.getKey(), 0);
                }
            }
            t.answer(seen + ", Sec-WebSocket-Version of the version 8 answer: " + versionHeader.get("version 8"));
            assertThat(seen.get("version 8")).as("version 8").isEqualTo(426);
            assertThat(versionHeader.get("version 8"))
                    .as("Sec-WebSocket-Version of the 426")
                    .isEqualTo("13");
            assertThat(seen.get("no version")).as("no Sec-WebSocket-Version").isEqualTo(426);
            assertThat(seen.get("Hixie-76")).as("Hixie-76").isIn(400, 426);
            assertThat(seen.get("no key")).as("no Sec-WebSocket-Key").isEqualTo(400);
            assertThat(seen.get("key not base64")).as("key not base64").isEqualTo(400);
            assertThat(seen.get("key of 15 bytes")).as("key of 15 bytes").isEqualTo(400);
            assertThat(seen.get("key of 17 bytes")).as("key of 17 bytes").isEqualTo(400);
            assertThat(seen.get("two keys")).as("two Sec-WebSocket-Key headers").isEqualTo(400);
        });
    }

    /** @return malformed upgrade requests by name, each a whole request as it goes on the wire */
    private static Map<String, String> malformedUpgrades(int port) {
        String path = "/ws/chat/" + hostileRoom() + "/";
        String origin = "Origin: " + RawWebSocket.ownOrigin(port);
        String upgrade = "Upgrade: websocket";
        String connection = "Connection: Upgrade";
        String key = "Sec-WebSocket-Key: " + RawWebSocket.KEY;
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put(
                "version 8",
                RawWebSocket.head("GET", path, port, origin, upgrade, connection, key, "Sec-WebSocket-Version: 8"));
        requests.put("no version", RawWebSocket.head("GET", path, port, origin, upgrade, connection, key));
        // draft-hixie-76: two number keys and 8 bytes after the head
        requests.put(
                "Hixie-76",
                RawWebSocket.head(
                                "GET",
                                path,
                                port,
                                "Upgrade: WebSocket",
                                connection,
                                origin,
                                "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5",
                                "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00")
                        + "^n:ds[4U");
        requests.put(
                "no key",
                RawWebSocket.head("GET", path, port, origin, upgrade, connection, "Sec-WebSocket-Version: 13"));
        requests.put(
                "key not base64",
                RawWebSocket.head(
                        "GET",
                        path,
                        port,
                        origin,
                        upgrade,
                        connection,
                        "Sec-WebSocket-Key: not base64 at all!",
                        "Sec-WebSocket-Version: 13"));
        requests.put(
                "key of 15 bytes",
                RawWebSocket.head(
                        "GET",
                        path,
                        port,
                        origin,
                        upgrade,
                        connection,
                        "Sec-WebSocket-Key: " + base64.encodeToString(new byte[15]),
                        "Sec-WebSocket-Version: 13"));
        requests.put(
                "key of 17 bytes",
                RawWebSocket.head(
                        "GET",
                        path,
                        port,
                        origin,
                        upgrade,
                        connection,
                        "Sec-WebSocket-Key: " + base64.encodeToString(new byte[17]),
                        "Sec-WebSocket-Version: 13"));
        requests.put(
                "two keys",
                RawWebSocket.head(
                        "GET",
                        path,
                        port,
                        origin,
                        upgrade,
                        connection,
                        key,
                        "Sec-WebSocket-Key: " + base64.encodeToString(new byte[16]),
                        "Sec-WebSocket-Version: 13"));
        return requests;
    }

    @Test
    void invalidUtf8ClosesWith1007AndACharacterSplitAcrossFragmentsPasses() throws Exception {
        attack(defaults, "UTF-8: C0 AF, a bad split, a good split", null, t -> {
            String room = hostileRoom();
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
            String marker = "split-" + ThreadLocalRandom.current().nextInt(1_000_000);
            String passed;
            try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                assertThat(ws.upgrade("/ws/chat/" + room + "/").status()).isEqualTo(101);
                ws.readText();
                byte[] head = ("{\"message\":\"" + marker + " ").getBytes(StandardCharsets.UTF_8);
                byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
                ws.send(false, 0, RawWebSocket.TEXT, concat(head, Arrays.copyOf(euro, 2)));
                ws.send(true, 0, RawWebSocket.CONTINUATION, concat(new byte[] {euro[2]}, tail));
                passed = awaitOwnMessage(ws, marker);
            }
            Close invalid = closeAfter(t.port(), room, frame -> {
                byte[] head = "{\"message\":\"".getBytes(StandardCharsets.UTF_8);
                frame.send(true, 0, RawWebSocket.TEXT, concat(head, new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}'}));
            });
            Close badSplit = closeAfter(t.port(), room, frame -> {
                frame.send(
                        false,
                        0,
                        RawWebSocket.TEXT,
                        concat("{\"message\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {euro[0], euro[1]}));
                frame.send(true, 0, RawWebSocket.CONTINUATION, new byte[] {'(', '"', '}'});
            });
            t.answer("C0 AF: " + invalid + "; E2 82 | 28: " + badSplit + "; E2 82 | AC: "
                    + (passed == null ? "not echoed" : "echoed as '" + passed + "'"));
            assertThat(passed)
                    .as("the message with a character split across two fragments")
                    .isEqualTo(marker + " €");
            assertThat(invalid).isEqualTo(new Close(1007, "invalid_utf8"));
            assertThat(badSplit).isEqualTo(new Close(1007, "invalid_utf8"));
        });
    }

    @Test
    void rsv1WithoutCompressionClosesWith1002AndACloseFrame() throws Exception {
        attack(defaults, "RSV1 set, no extension", null, t -> {
            Close close = closeAfter(
                    t.port(),
                    hostileRoom(),
                    ws -> ws.send(
                            true,
                            RawWebSocket.RSV1,
                            RawWebSocket.TEXT,
                            "{\"message\":\"rsv\"}".getBytes(StandardCharsets.UTF_8)));
            t.answer(close.toString());
            assertThat(close).isEqualTo(new Close(1002, "protocol_error"));
        });
    }

    @Test
    void anUnknownOpcodeClosesWith1002AndACloseFrame() throws Exception {
        attack(defaults, "opcode 0x3", null, t -> {
            Close close = closeAfter(
                    t.port(), hostileRoom(), ws -> ws.send(true, 0, 0x3, "what".getBytes(StandardCharsets.UTF_8)));
            t.answer(close.toString());
            assertThat(close).isEqualTo(new Close(1002, "protocol_error"));
        });
    }

    /** Harness check, holds today: a frame over maxFrameSize (64 KiB by default). */
    @Test
    void anOversizedFrameClosesWith1009() throws Exception {
        attack(defaults, "a 70,000-byte text frame", null, t -> {
            Close close =
                    closeAfter(t.port(), hostileRoom(), ws -> ws.send(true, 0, RawWebSocket.TEXT, new byte[70_000]));
            t.answer(close.toString());
            assertThat(close.code()).isEqualTo(1009);
        });
    }

    /** Harness check, holds today: an upgrade to a path no consumer serves. */
    @Test
    void anUpgradeToAnUnknownPathIs404() throws Exception {
        attack(defaults, "upgrade to /ws/nowhere/", null, t -> {
            try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                Response response = ws.upgrade("/ws/nowhere/");
                t.answer(String.valueOf(response.status()));
                assertThat(response.status()).isEqualTo(404);
            }
        });
    }

    @Test
    void malformedUpgradesLeaveNoStackTraceInTheLog() throws Exception {
        attack(defaults, "malformed upgrades: the server's log", null, t -> {
            long mark = t.server().process().mark();
            Map<String, String> requests = malformedUpgrades(t.port());
            for (String request : requests.values()) {
                try (RawWebSocket ws = RawWebSocket.connect(t.port())) {
                    ws.request(request);
                } catch (IOException e) {
                    // some are answered by closing the connection: the log is what counts here
                }
            }
            t.server().process().awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            List<String> lines = t.server().process().linesSince(mark);
            Pattern trace = Pattern.compile(
                    "^\\s+at [\\w$.<>/]+\\(.*\\)$|^Caused by: |^\\s*[\\w$.]+(Exception|Error)(: .*)?$| ERROR ");
            List<String> stack =
                    lines.stream().filter(line -> trace.matcher(line).find()).collect(Collectors.toList());
            t.answer(lines.size() + " log lines for " + requests.size() + " malformed upgrades, " + stack.size()
                    + " of them stack-trace lines" + (stack.isEmpty() ? "" : ", e.g. " + abbreviate(stack)));
            assertThat(stack).as("stack-trace lines in the server's output").isEmpty();
            assertThat(lines.size()).as("log lines").isLessThanOrEqualTo(requests.size());
        });
    }

    // --- 13. headers

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        attack(defaults, "GET /chat/: security headers", null, t -> {
            Response page = http(null, t.port(), "GET", "/chat/", null);
            String csp = page.header("Content-Security-Policy");
            t.answer(page.status() + ", Content-Security-Policy: " + csp + ", X-Content-Type-Options: "
                    + page.header("X-Content-Type-Options") + ", Referrer-Policy: " + page.header("Referrer-Policy"));
            assertThat(page.status()).isEqualTo(200);
            assertThat(csp).as("Content-Security-Policy").isNotBlank().contains("frame-ancestors");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.header("Referrer-Policy")).as("Referrer-Policy").isNotBlank();
        });
    }

    // --- the frame around each attack

    /**
     * Runs an attack while three clients chat, and checks what everyone got.
     *
     * @param server the server attacked
     * @param name the attack, for the log line
     * @param othersFrom the loopback address the chatting clients connect from, or {@code null} for the default
     * @param attack the attack: bounded in time, it asserts on what the attacker was answered
     */
    private static void attack(ChatJar server, String name, String othersFrom, Attack attack) throws Exception {
        String room = "calm-" + ROOMS.incrementAndGet();
        Chatters others;
        try {
            others = Chatters.start(
                    vertx,
                    server.port(),
                    othersFrom,
                    room,
                    List.of(room + "-a", room + "-b", room + "-c"),
                    Duration.ofMillis(50),
                    0);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; the server's log ends with:\n"
                            + server.process().tail(),
                    e);
        }
        Chatters.Result calm;
        long before;
        long peak;
        long after;
        Target target = new Target(server, room, new StringBuilder());
        Throwable failure = null;
        long took;
        try {
            others.awaitWarm(Duration.ofSeconds(10));
            before = server.rssKb();
            AtomicLong highest = new AtomicLong(before);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> highest.accumulateAndGet(server.rssKb(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            int[] marks = others.rounds();
            try {
                attack.run(target);
            } catch (Throwable e) {
                failure = e;
            } finally {
                took = (System.nanoTime() - start) / 1_000_000;
                // the others talk at least this much during the attack, so that their round trips say something
                // of a quick one
                try {
                    others.awaitRoundsSince(marks, MIN_ROUNDS_DURING_ATTACK, Duration.ofSeconds(10));
                } catch (AssertionError e) {
                    failure = failure == null ? e : failure;
                }
                sampler.shutdownNow();
                sampler.awaitTermination(1, TimeUnit.SECONDS);
            }
            peak = Math.max(highest.get(), server.rssKb());
            calm = others.stop();
            after = server.rssKb();
        } finally {
            others.close();
        }
        String answer = target.answer().isEmpty()
                ? (failure == null ? "(none)" : "FAILED: " + firstLine(failure))
                : target.answer().toString();
        System.out.printf(
                "HOSTILE | %s | answer: %s | RSS %d MB before, %d MB after (peak %d MB) | others: %s | %d ms%n",
                name, answer, before / 1024, after / 1024, peak / 1024, calm, took);
        List<String> problems = new ArrayList<>();
        if (failure != null) {
            problems.add("the attacker's answer: " + firstLine(failure));
        }
        if (!server.process().isAlive()) {
            problems.add("the server process ended:\n" + server.process().tail());
        }
        if (!calm.closed().isEmpty()) {
            problems.add("the others were closed: " + calm.closed());
        }
        if (calm.missing() > 0) {
            problems.add(calm.missing() + " of the others' messages never came back");
        }
        if (calm.worstMillis() > ROUND_TRIP_LIMIT_MILLIS) {
            problems.add("the others' worst round trip was " + calm.worstMillis() + " ms (limit "
                    + ROUND_TRIP_LIMIT_MILLIS + ")");
        }
        if ((peak - before) / 1024 > RSS_GROWTH_LIMIT_MB) {
            problems.add("the server's RSS grew from " + before / 1024 + " MB to " + peak / 1024 + " MB (limit +"
                    + RSS_GROWTH_LIMIT_MB + " MB)");
        }
        if (!problems.isEmpty()) {
            AssertionError error = new AssertionError(name + ":\n - " + String.join("\n - ", problems));
            if (failure != null) {
                error.initCause(failure);
            }
            throw error;
        }
    }

    // --- helpers

    private static String hostileRoom() {
        return "hostile-" + ROOMS.incrementAndGet();
    }

    /** One HTTP/1.1 request on a connection of its own ({@code Connection: close}); a body is sent as JSON. */
    static Response http(String from, int port, String method, String path, String json, String... headers)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(headers));
        lines.add("Connection: close");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            lines.add("Content-Type: application/json");
            lines.add("Content-Length: " + body.length);
        }
        try (RawWebSocket socket = RawWebSocket.connect(from, port, 0)) {
            socket.readTimeout(15_000);
            return socket.request(RawWebSocket.head(method, path, port, lines.toArray(String[]::new))
                    + new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    @FunctionalInterface
    interface FrameWriter {
        void write(RawWebSocket ws) throws IOException;
    }

    /** Opens a socket to a room, reads its history, writes frames, and returns how the server closed it (3 s). */
    private static Close closeAfter(int port, String room, FrameWriter frames) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port)) {
            assertThat(ws.upgrade("/ws/chat/" + room + "/").status()).isEqualTo(101);
            ws.readText();
            try {
                frames.write(ws);
            } catch (IOException e) {
                // closed while writing: the close frame tells why
            }
            return ws.awaitClose(3_000, null);
        }
    }

    /** @return the text of the first chat message starting with {@code marker} within 3 s, else {@code null} */
    private static String awaitOwnMessage(RawWebSocket ws, String marker) throws IOException {
        List<String> texts = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            texts.clear();
            Close close = ws.awaitClose(200, texts);
            for (String text : texts) {
                JsonObject frame = new JsonObject(text);
                if (frame.getValue("message") instanceof String message && message.startsWith(marker)) {
                    return message;
                }
            }
            if (close != Close.OPEN) {
                return null;
            }
        }
        return null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String abbreviate(List<String> items) {
        String joined = items.stream()
                .limit(3)
                .map(item -> item.length() > 120 ? item.substring(0, 120) + "..." : item)
                .collect(Collectors.joining(" | "));
        return items.size() > 3 ? joined + " (+" + (items.size() - 3) + " more)" : joined;
    }

    private static String firstLine(Throwable e) {
        return e instanceof AssertionError
                ? String.valueOf(e.getMessage()).strip().replaceAll("\\s*\n\\s*", " ")
                : e.toString();
    }
}
