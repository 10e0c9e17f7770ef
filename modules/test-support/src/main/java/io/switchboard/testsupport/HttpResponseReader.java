// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import io.switchboard.testsupport.RawWebSocket.Response;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads an HTTP/1.1 response off a {@link RawWebSocket}'s stream: the head, then the body as its headers say. */
final class HttpResponseReader {

    private final InputStream in;

    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads a response: its head, then its body unless it is a 101 (frames follow), a 204 or a 304.
     *
     * @throws EOFException if the connection ends before the head does
     */
    Response read() throws IOException {
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

    private byte[] readFully(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException();
        }
        return bytes;
    }
}
