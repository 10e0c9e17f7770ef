// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.hostile;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client that sends exactly what a test says over a blocking {@link Socket} to 127.0.0.1: any HTTP request head
 * (a WebSocket handshake or a plain request), and masked WebSocket frames with any FIN, RSV bits and opcode. It
 * answers nothing on its own (no pong, no close reply), and tells a close frame apart from the TCP connection ending.
 * One thread may write while another reads.
 */
final class RawSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** The RSV1 bit (permessage-deflate's), in the three RSV bits {@link #frame} takes. */
    static final int RSV1 = 0b100;

    /** RFC 6455's sample key: base64 of 16 bytes. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A response head and its body; header names in lower case. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /** @return the first value of a header, or {@code null} */
        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.keySet();
        }
    }

    /** A frame as it came from the server (server frames are not masked, nor inflated here). */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** How a connection ended: a close frame's code and reason, or {@link #EOF}, or {@link #OPEN}. */
    record Close(int code, String reason) {
        /** The TCP connection ended (FIN or reset) without a close frame. */
        static final Close EOF = new Close(-1, "TCP closed without a close frame");
        /** Still open when the wait ended. */
        static final Close OPEN = new Close(-2, "still open");

        boolean isFrame() {
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

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects from the default address to 127.0.0.1, reads timing out after 5 s. */
    static RawSocket connect(int port) throws IOException {
        return connect(null, port, 0);
    }

    /**
     * Connects to 127.0.0.1.
     *
     * @param from the loopback address to connect from (the server sees it as the client's), or {@code null}
     * @param port the server's port
     * @param receiveBuffer SO_RCVBUF set before connecting, so that it bounds the TCP window; 0 for the default
     */
    static RawSocket connect(String from, int port, int receiveBuffer) throws IOException {
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
        return new RawSocket(socket);
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
    static String head(String method, String target, int port, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** @return the server's own origin, the one a page it served sends */
    static String ownOrigin(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A valid version 13 handshake's header lines, without {@code Origin}.
     *
     * @return the lines
     */
    static List<String> handshakeHeaders() {
        return List.of(
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    }

    /**
     * Sends a valid handshake from the server's own origin and reads the answer.
     *
     * @param target the path
     * @param extra header lines added at the end
     * @return the response head (a refusal's body read too)
     */
    Response upgrade(String target, String... extra) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Origin: " + ownOrigin(socket.getPort()));
        lines.addAll(handshakeHeaders());
        lines.addAll(List.of(extra));
        return request(head("GET", target, socket.getPort(), lines.toArray(String[]::new)));
    }

    /** Sends a request as is and reads the response. */
    Response request(String request) throws IOException {
        write(request.getBytes(StandardCharsets.ISO_8859_1));
        return readResponse();
    }

    /**
     * Reads a response: its head, then its body unless it is a 101 (then frames follow) or a HEAD answer.
     *
     * @return the response
     * @throws EOFException if the connection ends before the head does
     */
    Response readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection before a whole response head (read '"
                        + head.toString(StandardCharsets.ISO_8859_1) + "')");
            }
            head.write(b);
            if (b == (matched % 2 == 0 ? '\r' : '\n')) {
                matched++;
            } else {
                matched = b == '\r' ? 1 : 0;
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        Response response = new Response(Integer.parseInt(status[1]), headers, new byte[0]);
        if (response.status() == 101 || response.status() == 204 || response.status() == 304) {
            return response;
        }
        return new Response(response.status(), headers, body(response));
    }

    private byte[] body(Response response) throws IOException {
        String encoding = response.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(readFully(n));
                line();
            }
        }
        String length = response.header("content-length");
        if (length != null) {
            return readFully(Integer.parseInt(length.trim()));
        }
        String connection = response.header("connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            return in.readAllBytes();
        }
        return new byte[0];
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes bytes as they are. */
    void write(byte[] bytes) throws IOException {
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
    void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        write(frame(fin, rsv, opcode, payload));
    }

    /** Writes one final text frame. */
    void sendText(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A masked frame's bytes.
     *
     * @param fin the FIN bit
     * @param rsv the three RSV bits
     * @param opcode the opcode
     * @param payload the unmasked payload
     * @return the frame as it goes on the wire
     */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
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
     * Reads the next frame.
     *
     * @return the frame, or {@code null} if the TCP connection ended or was reset first
     * @throws SocketTimeoutException if nothing came within the read timeout
     */
    Frame readFrame() throws IOException {
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
            if (length > 64 << 20) {
                throw new IOException("the server sent a frame of " + length + " bytes");
            }
            byte[] payload = readFully((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0b111, b0 & 0xf, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return null; // reset by the server
        }
    }

    /**
     * Reads the next whole text message (fragments joined), skipping pings and pongs.
     *
     * @return the text
     * @throws AssertionError if the connection closes first
     */
    String readMessage() throws IOException {
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

    /**
     * Reads until a close frame, the end of the connection, or a deadline.
     *
     * @param millis how long to wait in all
     * @param texts where text messages read on the way go (fragments joined), or {@code null}
     * @return the close frame, {@link Close#EOF}, or {@link Close#OPEN} when the time ran out
     */
    Close awaitClose(long millis, List<String> texts) throws IOException {
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
                if (frame == null) {
                    return Close.EOF;
                }
                if (frame.opcode() == CLOSE) {
                    return closeOf(frame);
                }
                if (texts != null && (frame.opcode() == TEXT || frame.opcode() == CONTINUATION)) {
                    message.write(frame.payload());
                    if (frame.fin()) {
                        texts.add(message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }

    static Close closeOf(Frame frame) {
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

    /** Sets how long one read waits. */
    void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
