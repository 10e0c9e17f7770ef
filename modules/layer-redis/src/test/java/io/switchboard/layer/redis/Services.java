// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The external services the ITs need, and the rule for a missing one: with {@code CI=true} the test fails, else it
 * is skipped with a printed reason.
 */
final class Services {

    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    static final String PYTHON = "/usr/bin/python3";

    private Services() {}

    /** The shared Redis: {@code SWITCHBOARD_TEST_REDIS_URL}, else {@code redis://127.0.0.1:6379}. */
    static String sharedRedisUrl() {
        String url = System.getenv("SWITCHBOARD_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    static void requireSharedRedis() {
        URI uri = URI.create(sharedRedisUrl());
        if (!answersPing(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
            missing("Redis not reachable on " + uri.getHost() + ":" + uri.getPort()
                    + " (start it, or set SWITCHBOARD_TEST_REDIS_URL)");
        }
    }

    static void requireRedisServerBinary() {
        if (!runs("redis-server", "--version")) {
            missing("redis-server is not installed (apt-get install -y redis-server)");
        }
    }

    static void requirePythonChannelsRedis() {
        if (!runs(PYTHON, "-c", "import channels_redis, daphne, msgpack")) {
            missing(PYTHON + " cannot import channels_redis and daphne"
                    + " (apt-get install -y python3-channels-redis python3-daphne)");
        }
    }

    static void missing(String reason) {
        if (CI) {
            fail(reason + "; required because CI=true");
        }
        System.out.println("Skipped: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
