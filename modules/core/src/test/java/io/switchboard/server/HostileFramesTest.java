// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.impl.Admission;
import io.switchboard.server.impl.AppContextImpl;
import io.switchboard.testsupport.RawWebSocket;
import io.switchboard.testsupport.RawWebSocket.Close;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a hostile or broken client can make the server do, over real sockets with a client that sends whatever it is
 * told ({@link RawWebSocket}): compression bombs, bad frames and handshakes, floods, slow readers, slow senders, and
 * too many connections.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileFramesTest {

    private static final String RATE_LIMITED = "{\"error\":\"rate_limited\",\"limit\":\"messages\"}";

    /** Echoes text and binary messages. */
    static final class Echo extends WebSocketConsumer {
        @Override
        protected Future<Void> receive(String text) {
            return send(text);
        }

        @Override
        protected Future<Void> receiveBinary(Buffer data) {
            return sendBinary(data);
        }
    }

    /** Joins the group {@code budget}, relays its messages to the client, and records how it was disconnected. */
    static final class GroupMember extends WebSocketConsumer {
        static final BlockingQueue<Integer> CODES = new LinkedBlockingQueue<>();

        GroupMember() {
            on("budget.message", message -> send(message.getString("text")));
            on("budget.close", message -> close(4321, "closed_by_server"));
        }

        @Override
        public List<String> groups() {
            return List.of("budget");
        }

        @Override
        protected Future<Void> disconnect(int code) {
            CODES.add(code);
            return Future.succeededFuture();
        }
    }

    @BeforeEach
    void clearCodes() {
        GroupMember.CODES.clear();
    }

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    private static LoopbackServer start(Vertx vertx, ServerOptions options) throws Exception {
        return LoopbackServer.start(
                vertx,
                options,
                app -> ProtocolRouter.builder(app)
                        .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                        .websocket(UrlRouter.builder()
                                .route("/ws/echo/", Echo::new)
                                .route("/ws/group/", GroupMember::new)
                                .build())
                        .build());
    }

    private static RawWebSocket opened(LoopbackServer server, String path, String... extraHeaders) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(server.port());
        assertThat(ws.upgrade(path, extraHeaders).status()).isEqualTo(101);
        return ws;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(f -> all.write(f, 0, f.length));
        return all.toByteArray();
    }

    // ---- compression

    @Test
    void compressionIsOffByDefaultSoAnOfferGetsNoExtension(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            RawWebSocket.Response response =
                    ws.upgrade("/ws/echo/", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Extensions")).isNull();
        }
    }

    @Test
    void withCompressionOnACompressedMessageIsDelivered(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setCompression(true));
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            RawWebSocket.Response response = ws.upgrade("/ws/echo/", "Sec-WebSocket-Extensions: permessage-deflate");
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");

            String text = "a compressed hello, ".repeat(20);
            ws.send(true, RawWebSocket.RSV1, RawWebSocket.TEXT, RawWebSocket.deflate(utf8(text)));
            assertThat(ws.readText()).isEqualTo(text);
            ws.send(true, RawWebSocket.RSV1, RawWebSocket.TEXT, RawWebSocket.deflate(utf8("and another")));
            assertThat(ws.readText()).isEqualTo("and another");
        }
    }

    /** 200 MB of zeros, deflated at level 9 to about 200 KB, sync-flushed, without the trailing 00 00 FF FF. */
    private static byte[] deflateBomb() {
        Deflater deflater = new Deflater(9, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int mb = 0; mb < 200; mb++) {
                deflater.setInput(zeros);
                while (!deflater.needsInput()) {
                    out.write(chunk, 0, deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH));
                }
            }
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
        } finally {
            deflater.end();
        }
        byte[] bytes = out.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    @Test
    void aDeflateBombClosesWith1009AtTheMessageLimitWithoutFillingTheHeap(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setCompression(true));
        byte[] bomb = deflateBomb();
        assertThat(bomb.length).isLessThan(1 << 20); // it passes the frame size check; only inflation can stop it
        try (RawWebSocket ws = opened(server, "/ws/echo/", "Sec-WebSocket-Extensions: permessage-deflate")) {
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            ws.send(true, RawWebSocket.RSV1, RawWebSocket.BINARY, bomb);

            assertThat(ws.awaitClose()).isEqualTo(new Close(1009, "message_too_large"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(usedHeapAfterGc() - before).isLessThan(48L << 20);
        }
    }

    // ---- frames

    @Test
    void invalidUtf8InATextFrameClosesWith1007(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            ws.send(true, 0, RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF});
            assertThat(ws.awaitClose()).isEqualTo(new Close(1007, "invalid_utf8"));
        }
    }

    @Test
    void aCharacterSplitAcrossTwoFragmentsArrivesWhole(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            byte[] euro = utf8("€"); // E2 82 AC
            ws.send(false, 0, RawWebSocket.TEXT, new byte[] {'a', euro[0], euro[1]});
            ws.send(true, 0, RawWebSocket.CONTINUATION, new byte[] {euro[2], 'b'});
            assertThat(ws.readText()).isEqualTo("a€b");
        }
    }

    @Test
    void rsv1WithoutCompressionGetsACloseFrame1002(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            ws.send(true, RawWebSocket.RSV1, RawWebSocket.TEXT, utf8("not compressed at all"));
            assertThat(ws.awaitClose()).isEqualTo(new Close(1002, "protocol_error"));
        }
    }

    @Test
    void aReservedOpcodeGetsACloseFrame1002(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            ws.send(true, 0, 0x3, utf8("opcode 3 is reserved"));
            assertThat(ws.awaitClose()).isEqualTo(new Close(1002, "protocol_error"));
        }
    }

    // ---- handshakes

    private static RawWebSocket.Response answer(LoopbackServer server, String head) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            return ws.request(head);
        }
    }

    @Test
    void aVersionOtherThan13Gets426NamingVersion13(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        int port = server.port();
        RawWebSocket.Response response = answer(
                server,
                RawWebSocket.head(
                        "GET",
                        "/ws/echo/",
                        port,
                        "Origin: http://127.0.0.1:" + port,
                        "Upgrade: websocket",
                        "Connection: Upgrade",
                        "Sec-WebSocket-Key: " + RawWebSocket.KEY,
                        "Sec-WebSocket-Version: 8"));
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void aHixie76HandshakeGets426(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        int port = server.port();
        // draft-hixie-76: two number keys and eight bytes of body, no Sec-WebSocket-Key, no version
        RawWebSocket.Response response = answer(
                server,
                RawWebSocket.head(
                                "GET",
                                "/ws/echo/",
                                port,
                                "Upgrade: WebSocket",
                                "Connection: Upgrade",
                                "Origin: http://127.0.0.1:" + port,
                                "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5",
                                "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00")
                        + "^n:ds[4U");
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    private static RawWebSocket.Response withKey(LoopbackServer server, String... keyLines) throws IOException {
        int port = server.port();
        List<String> headers = new ArrayList<>(List.of(
                "Origin: http://127.0.0.1:" + port,
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Version: 13"));
        headers.addAll(List.of(keyLines));
        return answer(server, RawWebSocket.head("GET", "/ws/echo/", port, headers.toArray(String[]::new)));
    }

    @Test
    void aKeyThatIsNotBase64OfSixteenBytesGets400AndSoDoesNoKey(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        assertThat(withKey(server, "Sec-WebSocket-Key: not-base64!").status()).isEqualTo(400);
        assertThat(withKey(server, "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA").status())
                .as("base64 of 15 bytes")
                .isEqualTo(400);
        assertThat(withKey(server).status()).as("no key").isEqualTo(400);
        assertThat(withKey(server, "Sec-WebSocket-Key: " + RawWebSocket.KEY).status())
                .as("a valid key, for contrast")
                .isEqualTo(101);
    }

    @Test
    void twoOriginHeadersGet403(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            // both are the server's own origin: it is the second header that is refused
            assertThat(ws.upgrade("/ws/echo/", "Origin: http://127.0.0.1:" + server.port())
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void aPostUpgradeGets405(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        int port = server.port();
        RawWebSocket.Response response =
                answer(server, RawWebSocket.head("POST", "/ws/echo/", port, RawWebSocket.validHeaders(port)));
        assertThat(response.status()).isEqualTo(405);
    }

    // ---- inbound rate

    @Test
    void aBurstOverTheRateGetsAnErrorFrameThenClose1008(Vertx vertx) throws Exception {
        LoopbackServer server =
                start(vertx, new ServerOptions().setRateMessages(10).setRateBurst(5));
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            List<byte[]> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(RawWebSocket.frame(true, 0, RawWebSocket.TEXT, utf8("m" + i)));
            }
            ws.write(concat(burst));

            List<String> texts = new ArrayList<>();
            assertThat(ws.awaitClose(texts)).isEqualTo(new Close(1008, "rate_limited"));
            assertThat(texts).startsWith("m0", "m1", "m2", "m3", "m4").endsWith(RATE_LIMITED);
            assertThat(texts).hasSizeLessThan(10); // the burst of 5, maybe a refilled one, the error
        }
    }

    @Test
    void aHumanPaceIsNeverLimitedByTheDefaults(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            for (int i = 0; i < 10; i++) {
                ws.sendText("typed " + i);
                assertThat(ws.readText()).isEqualTo("typed " + i);
                Thread.sleep(50); // the pace itself: a person types, nothing is awaited
            }
        }
    }

    @Test
    void aClientThatBacksOffUntilItsBucketRefillsIsWarnedAgainNotClosed(Vertx vertx) throws Exception {
        // 20/s, burst 5: the bucket is full again 250 ms after it ran dry
        LoopbackServer server =
                start(vertx, new ServerOptions().setRateMessages(20).setRateBurst(5));
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            for (int round = 0; round < 2; round++) {
                List<byte[]> burst = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    burst.add(RawWebSocket.frame(true, 0, RawWebSocket.TEXT, utf8(round + "." + i)));
                }
                ws.write(concat(burst));
                for (int i = 0; i < 5; i++) {
                    assertThat(ws.readText()).isEqualTo(round + "." + i);
                }
                assertThat(ws.readText()).as("round " + round).isEqualTo(RATE_LIMITED);
                Thread.sleep(400); // backing off is the point: longer than the bucket takes to refill
            }
            ws.sendText("still open");
            assertThat(ws.readText()).isEqualTo("still open");
        }
    }

    @Test
    void pingsCountAgainstTheRate(Vertx vertx) throws Exception {
        LoopbackServer server =
                start(vertx, new ServerOptions().setRateMessages(10).setRateBurst(5));
        try (RawWebSocket ws = opened(server, "/ws/echo/")) {
            List<byte[]> flood = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                flood.add(RawWebSocket.frame(true, 0, RawWebSocket.PING, utf8("p" + i)));
            }
            ws.write(concat(flood));

            List<String> texts = new ArrayList<>();
            assertThat(ws.awaitClose(texts)).isEqualTo(new Close(1008, "rate_limited"));
            assertThat(texts).containsExactly(RATE_LIMITED);
        }
    }

    // ---- slow readers

    @Test
    void aClientThatNeverReadsIsClosedWith4000AndTheRestOfItsGroupGetsEverything(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setOutboundBudget(65_536));
        try (RawWebSocket stuck = RawWebSocket.connect(server.port(), 4096)) {
            assertThat(stuck.upgrade("/ws/group/").status()).isEqualTo(101);
            WebSocket reader = server.connect("/ws/group/").await(5, TimeUnit.SECONDS);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            reader.textMessageHandler(received::add);

            String padding = "x".repeat(8 * 1024);
            int sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (GroupMember.CODES.isEmpty() && sent < 2_000 && System.nanoTime() < deadline) {
                String text = sent + ":" + padding;
                server.layer
                        .groupSend(
                                "budget",
                                new JsonObject().put("type", "budget.message").put("text", text))
                        .await(5, TimeUnit.SECONDS);
                assertThat(received.poll(5, TimeUnit.SECONDS))
                        .as("message " + sent + " to the client that reads")
                        .isEqualTo(text);
                sent++;
            }
            assertThat(GroupMember.CODES.poll(5, TimeUnit.SECONDS))
                    .as("the stuck client's disconnect code, after " + sent + " messages of 8 KB")
                    .isEqualTo(4000);
            // the group goes on without it
            for (int i = 0; i < 20; i++) {
                String text = "after " + i;
                server.layer
                        .groupSend(
                                "budget",
                                new JsonObject().put("type", "budget.message").put("text", text))
                        .await(5, TimeUnit.SECONDS);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
            }
            assertThat(reader.isClosed()).isFalse();
            assertThat(GroupMember.CODES).isEmpty();
        }
    }

    @Test
    void aSocketTheServerClosesIsCutWhenItsClientDoesNotReadTheCloseFrame(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions());
        try (RawWebSocket stuck = RawWebSocket.connect(server.port(), 4096)) {
            assertThat(stuck.upgrade("/ws/group/").status()).isEqualTo(101);
            // fills the socket's buffers without passing its budget, so the close frame waits behind unread bytes
            String padding = "x".repeat(8 * 1024);
            for (int i = 0; i < 64; i++) {
                server.layer
                        .groupSend(
                                "budget",
                                new JsonObject().put("type", "budget.message").put("text", padding))
                        .await(5, TimeUnit.SECONDS);
            }
            long start = System.nanoTime();
            server.layer
                    .groupSend("budget", new JsonObject().put("type", "budget.close"))
                    .await(5, TimeUnit.SECONDS);
            assertThat(GroupMember.CODES.poll(10, TimeUnit.SECONDS))
                    .as("the socket ends though its client never reads")
                    .isEqualTo(4321);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatFloodsPingsAndNeverReadsIsHeldBackByTcp(Vertx vertx) throws Exception {
        LoopbackServer server =
                start(vertx, new ServerOptions().setRateMessages(0).setRateBytes(0));
        try (RawWebSocket flooder = RawWebSocket.connect(server.port(), 4096)) {
            assertThat(flooder.upgrade("/ws/echo/").status()).isEqualTo(101);
            List<byte[]> pings = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                pings.add(RawWebSocket.frame(true, 0, RawWebSocket.PING, new byte[125]));
            }
            byte[] batch = concat(pings);
            long before = usedHeapAfterGc();
            AtomicLong pushed = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            Thread writer = new Thread(
                    () -> {
                        try {
                            OutputStream out = flooder.socket().getOutputStream();
                            while (System.nanoTime() < deadline) {
                                out.write(batch);
                                pushed.addAndGet(batch.length);
                            }
                        } catch (IOException e) {
                            // the test closed the socket to end a write that blocks
                        }
                    },
                    "ping-flooder");
            writer.setDaemon(true);
            writer.start();
            writer.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 100);

            long grown = usedHeapAfterGc() - before;
            long bytes = pushed.get();
            flooder.socket().close(); // ends a write that is blocked
            writer.join(5_000);
            assertThat(bytes).as("bytes of pings the server let in within 3 s").isLessThan(32L << 20);
            assertThat(grown).as("heap growth").isLessThan(48L << 20);
        }
    }

    // ---- slow senders

    @Test
    void aRequestHeadSentAByteAtATimeIsCutAtTheRequestTimeout(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setRequestTimeout(1));
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawWebSocket open = opened(server, "/ws/echo/")) {
            long start = System.nanoTime();
            try (RawWebSocket slow = RawWebSocket.connect(server.port())) {
                slow.write(utf8("GET /ws/echo/ HTTP/1.1\r\n"));
                byte[] header = utf8("X-Slowloris: " + "a".repeat(100));
                int[] next = {0};
                drip.scheduleAtFixedRate(
                        () -> {
                            try {
                                slow.write(new byte[] {header[next[0]++ % header.length]});
                            } catch (IOException e) {
                                throw new IllegalStateException(e); // cut: stops the drip
                            }
                        },
                        200,
                        200,
                        TimeUnit.MILLISECONDS);
                assertThat(slow.awaitEof()).as("closed by the server").isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isBetween(900L, 2_000L);
            }
            // a socket whose handshake finished before the timeout is not cut by it
            open.sendText("still here");
            assertThat(open.readText()).isEqualTo("still here");
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsCutAtTheRequestTimeout(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setRequestTimeout(1));
        long start = System.nanoTime();
        try (RawWebSocket silent = RawWebSocket.connect(server.port())) {
            assertThat(silent.awaitEof()).as("closed by the server").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 2_000L);
        }
    }

    // ---- connection limits

    @Test
    void aThirdSocketFromOneAddressGets429UntilOneOfTheTwoCloses(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setMaxConnectionsPerAddress(2));
        Admission admission = ((AppContextImpl) server.app).admission();
        try (RawWebSocket first = opened(server, "/ws/echo/");
                RawWebSocket second = opened(server, "/ws/echo/");
                RawWebSocket third = RawWebSocket.connect(server.port())) {
            assertThat(third.upgrade("/ws/echo/").status()).isEqualTo(429);

            first.send(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8});
            assertThat(first.awaitClose().code()).isEqualTo(1000);
            LoopbackServer.awaitCondition(() -> admission.sockets() == 1);

            try (RawWebSocket fourth = opened(server, "/ws/echo/")) {
                fourth.sendText("admitted");
                assertThat(fourth.readText()).isEqualTo("admitted");
            }
            second.sendText("still open");
            assertThat(second.readText()).isEqualTo("still open");
        }
    }

    @Test
    void aSocketPastMaxConnectionsGets503(Vertx vertx) throws Exception {
        LoopbackServer server = start(vertx, new ServerOptions().setMaxConnections(3));
        try (RawWebSocket a = opened(server, "/ws/echo/");
                RawWebSocket b = opened(server, "/ws/echo/");
                RawWebSocket c = opened(server, "/ws/echo/");
                RawWebSocket d = RawWebSocket.connect(server.port())) {
            assertThat(d.upgrade("/ws/echo/").status()).isEqualTo(503);
            for (RawWebSocket admitted : List.of(a, b, c)) {
                admitted.sendText("the three keep working");
                assertThat(admitted.readText()).isEqualTo("the three keep working");
            }
        }
    }
}
