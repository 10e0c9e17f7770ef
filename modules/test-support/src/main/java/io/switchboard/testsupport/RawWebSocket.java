// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client that sends exactly what a test says over a blocking {@link Socket} to 127.0.0.1: any HTTP request head
 * (a WebSocket handshake or a plain request), and masked WebSocket frames with any FIN, RSV bits and opcode, whole,
 * fragmented, oversized or compressed. It answers nothing on its own (no pong, no close reply), reads only when
 * asked (so a test can stop reading), and tells a close frame apart from the TCP connection ending. Blocking: call it
 * from the test's thread, or write from one thread while another reads.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** The RSV1 bit (permessage-deflate's), in the three RSV bits {@link #frame} takes. */
    public static final int RSV1 = 0b100;

    /** RFC 6455's sample key: base64 of 16 bytes. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** The largest frame it reads: more is taken for a broken stream. */
    private static final int MAX_FRAME = 64 << 20;

    /** A response head and its body; header names in lower case. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /** @return the first value of a header, or {@code null} */
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /** @return every value of a header, in order */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** @return the body as UTF-8 */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.keySet();
        }
    }

    /** A frame as the server sent it, its payload inflated if it was compressed under a negotiated extension. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** How a connection ended: a close frame's code and reason, or {@link #EOF}, or {@link #OPEN}. */
    public record Close(int code, String reason) {
        /** The TCP connection ended (FIN or reset) without a close frame. */
        public static final Close EOF = new Close(-1, "TCP closed without a close frame");
        /** Still open when the wait ended. */
        public static final Close OPEN = new Close(-2, "still open");

        /** @return whether a close frame came */
        public boolean isFrame() {
            return code >= 0;
        }

        @Override
        public String toString() {
            return isFrame() ? "close " + code + " " + reason : reason;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Set when the server agreed to permessage-deflate: its compressed frames are inflated. */
    private PerMessageDeflate deflate;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects from the default address to 127.0.0.1, reads timing out after 5 s. */
    public static RawWebSocket connect(int port) throws IOException {
        return connect(null, port, 0);
    }

    /** Connects to 127.0.0.1 with a receive buffer of {@code receiveBuffer} bytes; see {@link #connect(String, int, int)}. */
    public static RawWebSocket connect(int port, int receiveBuffer) throws IOException {
        return connect(null, port, receiveBuffer);
    }

    /**
     * Connects to 127.0.0.1, reads timing out after 5 s.
     *
     * @param from the loopback address to connect from (the server sees it as the client's), or {@code null}
     * @param port the server's port
     * @param receiveBuffer SO_RCVBUF set before connecting, so that it bounds the TCP window; 0 for the default
     */
    public static RawWebSocket connect(String from, int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return new RawWebSocket(socket);
    }

    /**
     * A request head.
     *
     * @param method the method
     * @param target the request target
     * @param port the server's port, for {@code Host}
     * @param headers header lines, {@code Name: value}
     * @return the head with its blank line
     */
    public static String head(String method, String target, int port, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** @return the server's own origin, the one a page it served sends */
    public static String ownOrigin(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** @return a valid version 13 handshake's header lines, without {@code Origin} */
    public static List<String> handshakeHeaders() {
        return List.of(
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    }

    /** @return a valid version 13 handshake's header lines from the server's own origin */
    public static String[] validHeaders(int port) {
        List<String> lines = new ArrayList<>();
        lines.add("Origin: " + ownOrigin(port));
        lines.addAll(handshakeHeaders());
        return lines.toArray(String[]::new);
    }

    /**
     * Sends a valid handshake from the server's own origin and reads the answer.
     *
     * @param target the path
     * @param extra header lines added at the end
     * @return the response head (a refusal's body read too)
     */
    public Response upgrade(String target, String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of(validHeaders(socket.getPort())));
        lines.addAll(List.of(extra));
        return request(head("GET", target, socket.getPort(), lines.toArray(String[]::new)));
    }

    /**
     * Sends a request as is and reads the response. A 101 that agrees to permessage-deflate turns on inflation of
     * the server's compressed frames.
     */
    public Response request(String request) throws IOException {
        write(request.getBytes(StandardCharsets.ISO_8859_1));
        Response response = readResponse();
        String extensions = response.header("Sec-WebSocket-Extensions");
        if (response.status() == 101 && extensions != null && extensions.contains("permessage-deflate")) {
            deflate = new PerMessageDeflate();
        }
        return response;
    }

    /**
     * Reads a response: its head, then its body unless it is a 101 (then frames follow).
     *
     * @throws EOFException if the connection ends before the head does
     */
    public Response readResponse() throws IOException {
        return new HttpResponseReader(in).read();
    }

    /** Writes bytes as they are: a request head, a part of one, or frames made by {@link #frame}. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes one masked frame.
     *
     * @param fin the FIN bit
     * @param rsv the three RSV bits, {@link #RSV1} being the highest
     * @param opcode any 4-bit opcode
     * @param payload the unmasked payload
     */
    public void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        write(frame(fin, rsv, opcode, payload));
    }

    /** Writes one final text frame. */
    public void sendText(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A masked frame's bytes, for a test that writes many at once or from another thread.
     *
     * @param fin the FIN bit
     * @param rsv the three RSV bits
     * @param opcode the opcode
     * @param payload the unmasked payload
     * @return the frame as it goes on the wire
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0b111) << 4 | (opcode & 0xf));
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.write(masked, 0, masked.length);
        return frame.toByteArray();
    }

    /**
     * Compresses a message as permessage-deflate does: raw deflate, sync-flushed, without the trailing
     * {@code 00 00 FF FF}. Each call is a stream of its own, which a server that keeps its context also accepts.
     */
    public static byte[] deflate(byte[] message) {
        return PerMessageDeflate.deflate(message);
    }

    /**
     * Reads the next frame. Compressed frames of a negotiated permessage-deflate come back inflated, with RSV1 still
     * set.
     *
     * @return the frame, or {@code null} if the TCP connection ended or was reset first
     * @throws SocketTimeoutException if nothing came within the read timeout
     */
    public Frame readFrame() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            byte[] mask = (b1 & 0x80) != 0 ? readFully(4) : null;
            if (length > MAX_FRAME) {
                throw new IOException("the server sent a frame of " + length + " bytes");
            }
            byte[] payload = readFully((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            int rsv = (b0 >> 4) & 0b111;
            int opcode = b0 & 0xf;
            if ((rsv & RSV1) != 0 && deflate != null && opcode != CLOSE) {
                payload = deflate.inflate(payload);
            }
            return new Frame((b0 & 0x80) != 0, rsv, opcode, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return null; // reset by the server: also the connection ending without a close frame
        }
    }

    /**
     * Reads the next whole text message (fragments joined), skipping pings and pongs.
     *
     * @return the text
     * @throws AssertionError if the connection closes first
     * @throws SocketTimeoutException if a read times out first
     */
    public String readText() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            Frame frame = readFrame();
            if (frame == null) {
                throw new AssertionError("the connection ended while a text message was awaited");
            }
            if (frame.opcode() == CLOSE) {
                throw new AssertionError("closed with " + closeOf(frame) + " while a text message was awaited");
            }
            if (frame.opcode() == TEXT || frame.opcode() == CONTINUATION) {
                message.write(frame.payload());
                if (frame.fin()) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Reads until the connection closes, within the read timeout; see {@link #awaitClose(List)}. */
    public Close awaitClose() throws IOException {
        return awaitClose(new ArrayList<>());
    }

    /**
     * Reads until a close frame or the end of the connection, whichever comes first.
     *
     * @param texts where the text messages read on the way are added (fragments joined)
     * @return the close frame's code and reason, or {@link Close#EOF}
     * @throws SocketTimeoutException if a read times out first
     */
    public Close awaitClose(List<String> texts) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            Frame frame = readFrame();
            Close close = closeOrCollect(frame, message, texts);
            if (close != null) {
                return close;
            }
        }
    }

    /**
     * Reads until a close frame, the end of the connection, or a deadline.
     *
     * @param millis how long to wait in all
     * @param texts where text messages read on the way go (fragments joined), or {@code null}
     * @return the close frame, {@link Close#EOF}, or {@link Close#OPEN} when the time ran out
     */
    public Close awaitClose(long millis, List<String> texts) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int timeout = socket.getSoTimeout();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Close.OPEN;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                Frame frame;
                try {
                    frame = readFrame();
                } catch (SocketTimeoutException e) {
                    return Close.OPEN;
                }
                Close close = closeOrCollect(frame, message, texts);
                if (close != null) {
                    return close;
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }

    private static Close closeOrCollect(Frame frame, ByteArrayOutputStream message, List<String> texts) {
        if (frame == null) {
            return Close.EOF;
        }
        if (frame.opcode() == CLOSE) {
            return closeOf(frame);
        }
        if (texts != null && (frame.opcode() == TEXT || frame.opcode() == CONTINUATION)) {
            message.writeBytes(frame.payload());
            if (frame.fin()) {
                texts.add(message.toString(StandardCharsets.UTF_8));
                message.reset();
            }
        }
        return null;
    }

    /**
     * Reads until the TCP connection ends, discarding anything that arrives.
     *
     * @return whether it ended within the read timeout
     */
    public boolean awaitEof() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return true; // reset
        }
    }

    /** @return a close frame's code and reason; 1005 when it has none */
    public static Close closeOf(Frame frame) {
        byte[] p = frame.payload();
        if (p.length < 2) {
            return new Close(1005, "");
        }
        return new Close(((p[0] & 0xff) << 8) | (p[1] & 0xff), new String(p, 2, p.length - 2, StandardCharsets.UTF_8));
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private byte[] readFully(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException();
        }
        return bytes;
    }

    /** Sets how long one read waits before {@link SocketTimeoutException}. */
    public void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** @return the underlying socket, for a test that writes from another thread or closes it under a write */
    public Socket socket() {
        return socket;
    }

    /** Closes the TCP connection without a close frame. */
    @Override
    public void close() {
        if (deflate != null) {
            deflate.end();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
