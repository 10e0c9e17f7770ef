// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client that does exactly what a test says and nothing more: any handshake head, masked frames with any
 * FIN, RSV bits and opcode, and no automatic answers (it never replies to a ping or a close). It tells a close frame
 * apart from the TCP connection ending. Blocking, over a {@link Socket} on 127.0.0.1; call it from the test's thread,
 * or write from one thread while another reads.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** The RSV1 bit, as {@link #send(boolean, int, int, byte[])} takes RSV bits: permessage-deflate's bit. */
    static final int RSV1 = 0b100;

    /** The key of RFC 6455's example: base64 of 16 bytes. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /** An HTTP response head: the status and the headers, names in lower case. */
    record Response(int status, Map<String, List<String>> headers) {
        /** @return the first value of a header, or {@code null} */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /** A frame as the server sent it, its payload inflated if it was compressed. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * How the connection ended: a close frame's code and reason, or {@link #EOF} when the TCP connection ended (or was
     * reset) without one.
     */
    record Close(int code, String reason) {
        static final Close EOF = new Close(-1, "(TCP closed without a close frame)");
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Set when the server agreed to permessage-deflate: its compressed frames are inflated with one context. */
    private Inflater inflater;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1, with reads timing out after 5 s. */
    static RawWebSocket open(int port) throws IOException {
        return open(port, 0);
    }

    /**
     * Connects to 127.0.0.1.
     *
     * @param port the server's port
     * @param receiveBuffer the socket's receive buffer in bytes, set before connecting; {@code 0} for the default
     */
    static RawWebSocket open(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return new RawWebSocket(socket);
    }

    /**
     * An HTTP/1.1 request head.
     *
     * @param method the method
     * @param path the request target
     * @param port the server's port, for the {@code Host} header
     * @param headers header lines, {@code Name: value}
     * @return the head, ending with the blank line
     */
    static String head(String method, String path, int port, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** The header lines of a valid version 13 handshake from the server's own origin. */
    static String[] validHeaders(int port) {
        return new String[] {
            "Origin: http://127.0.0.1:" + port,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: " + KEY,
            "Sec-WebSocket-Version: 13"
        };
    }

    /**
     * Sends a valid handshake with extra header lines and reads the answer.
     *
     * @param path the request target
     * @param extraHeaders header lines added to {@link #validHeaders}
     * @return the response head
     */
    Response upgrade(String path, String... extraHeaders) throws IOException {
        int port = socket.getPort();
        String[] valid = validHeaders(port);
        String[] all = Arrays.copyOf(valid, valid.length + extraHeaders.length);
        System.arraycopy(extraHeaders, 0, all, valid.length, extraHeaders.length);
        return request(head("GET", path, port, all));
    }

    /**
     * Sends a request head as is and reads the response head. A 101 that agrees to permessage-deflate turns on
     * inflation of the server's compressed frames.
     *
     * @param head the request head, as {@link #head} makes it
     * @return the response head
     */
    Response request(String head) throws IOException {
        write(head.getBytes(StandardCharsets.ISO_8859_1));
        Response response = readResponse();
        String extensions = response.header("Sec-WebSocket-Extensions");
        if (response.status() == 101 && extensions != null && extensions.contains("permessage-deflate")) {
            inflater = new Inflater(true);
        }
        return response;
    }

    private Response readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection in the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(Integer.parseInt(statusLine[1]), headers);
    }

    /** Writes bytes as they are: a request head, or part of one. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes one masked frame.
     *
     * @param fin the FIN bit
     * @param rsv the three RSV bits, RSV1 being {@code 0b100}
     * @param opcode the opcode, any 4-bit value
     * @param payload the payload, unmasked
     */
    void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        write(frame(fin, rsv, opcode, payload));
    }

    /** Writes a final text frame. */
    void sendText(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A masked frame's bytes, for a test that writes many at once.
     *
     * @param fin the FIN bit
     * @param rsv the three RSV bits
     * @param opcode the opcode
     * @param payload the payload, unmasked
     * @return the frame on the wire
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
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xff);
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
    static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(chunk, 0, n);
            }
            byte[] bytes = out.toByteArray();
            return Arrays.copyOf(bytes, bytes.length - DEFLATE_TAIL.length);
        } finally {
            deflater.end();
        }
    }

    /**
     * Reads the next frame. Compressed frames of a negotiated permessage-deflate come back inflated, with RSV1 still
     * set.
     *
     * @return the frame, or {@code null} if the TCP connection ended (or was reset) first
     * @throws SocketTimeoutException if nothing arrives within the read timeout
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
            if (length > 16 << 20) {
                throw new IOException("a frame of " + length + " bytes from the server");
            }
            byte[] payload = readFully((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            int rsv = (b0 >> 4) & 0b111;
            int opcode = b0 & 0xf;
            if ((rsv & RSV1) != 0 && inflater != null && opcode != CLOSE) {
                payload = inflate(payload);
            }
            return new Frame((b0 & 0x80) != 0, rsv, opcode, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return null; // reset by the server: also the connection ending without a close frame
        }
    }

    /**
     * Reads until a text message, skipping pings and pongs.
     *
     * @return the text
     * @throws AssertionError if a close frame or the end of the connection comes first
     */
    String readText() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame == null) {
                throw new AssertionError("the connection ended while a text message was awaited");
            }
            if (frame.opcode() == CLOSE) {
                throw new AssertionError("closed with " + closeOf(frame) + " while a text message was awaited");
            }
            if (frame.opcode() == TEXT) {
                return frame.text();
            }
        }
    }

    /** Reads until the connection closes; see {@link #awaitClose(List)}. */
    Close awaitClose() throws IOException {
        return awaitClose(new ArrayList<>());
    }

    /**
     * Reads until a close frame or the end of the connection, whichever comes first.
     *
     * @param texts where the text messages read on the way are added
     * @return the close frame's code and reason, or {@link Close#EOF}
     */
    Close awaitClose(List<String> texts) throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame == null) {
                return Close.EOF;
            }
            if (frame.opcode() == CLOSE) {
                return closeOf(frame);
            }
            if (frame.opcode() == TEXT) {
                texts.add(frame.text());
            }
        }
    }

    /**
     * Reads until the TCP connection ends, discarding anything that arrives.
     *
     * @return whether it ended within the read timeout
     */
    boolean awaitEof() throws IOException {
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

    private static Close closeOf(Frame frame) {
        byte[] p = frame.payload();
        if (p.length < 2) {
            return new Close(1005, "");
        }
        return new Close(((p[0] & 0xff) << 8) | (p[1] & 0xff), new String(p, 2, p.length - 2, StandardCharsets.UTF_8));
    }

    private byte[] inflate(byte[] compressed) throws IOException {
        inflater.setInput(concat(compressed, DEFLATE_TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("the server's compressed frame does not inflate", e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
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

    /** Sets how long a read waits before {@link SocketTimeoutException}. */
    void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** @return the underlying socket, for a test that writes from another thread */
    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        if (inflater != null) {
            inflater.end();
        }
        socket.close();
    }
}
