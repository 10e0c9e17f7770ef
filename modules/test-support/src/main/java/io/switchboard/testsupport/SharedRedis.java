// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Redis every test shares: {@code SWITCHBOARD_TEST_REDIS_URL}, else {@code redis://127.0.0.1:6379}. Tests keep
 * apart on it by a key prefix of their own ({@link #uniquePrefix}) and clean up only under it, since other runs may use
 * it. When it does not answer, {@link #require} applies {@link Services#missing}.
 */
public final class SharedRedis {

    private SharedRedis() {}

    /** @return the shared Redis' URL */
    public static String url() {
        String url = System.getenv("SWITCHBOARD_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    /** Skips the calling test, or fails it when {@code CI=true}, unless the shared Redis answers a PING. */
    public static void require() {
        URI uri = URI.create(url());
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (!answersPing(uri.getHost(), port)) {
            Services.missing("Redis not reachable on " + uri.getHost() + ":" + port
                    + " (start it, or set SWITCHBOARD_TEST_REDIS_URL)");
        }
    }

    /**
     * A key prefix no other test uses.
     *
     * @param tag what the keys belong to, so that a stray key tells where it came from
     * @return {@code tag} and 8 random hexadecimal digits
     */
    public static String uniquePrefix(String tag) {
        return tag + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Sends {@code PING} the way {@code redis-cli} would.
     *
     * @param host the server's host
     * @param port its port
     * @return whether it answered {@code +PONG} within a second
     */
    public static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
