// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the Redis and Django ITs of the chat need, and the rule for a missing one: with {@code CI=true} the test
 * fails, else it is skipped with a printed reason.
 */
final class Services {

    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    /** Debian's interpreter: the first python3 on PATH may be another build without Debian's packages. */
    static final String PYTHON = "/usr/bin/python3";
    /** The tiny Django Channels project, kept with the Redis layer's test resources. */
    static final Path DJANGO_PROJECT = Path.of("..", "layer-redis", "src", "test", "resources", "django_chat")
            .toAbsolutePath()
            .normalize();

    private Services() {}

    /** The shared Redis: {@code SWITCHBOARD_TEST_REDIS_URL}, else {@code redis://127.0.0.1:6379}. */
    static String sharedRedisUrl() {
        String url = System.getenv("SWITCHBOARD_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    static void requireSharedRedis() {
        URI uri = URI.create(sharedRedisUrl());
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (!answersPing(uri.getHost(), port)) {
            missing("Redis not reachable on " + uri.getHost() + ":" + port
                    + " (start it, or set SWITCHBOARD_TEST_REDIS_URL)");
        }
    }

    static void requireRedisServerBinary() {
        if (!runs("redis-server", "--version")) {
            missing("redis-server is not installed (apt-get install -y redis-server)");
        }
    }

    static void requireDjangoChannels() {
        if (!Files.isRegularFile(DJANGO_PROJECT.resolve("manage.py"))) {
            fail("The Django project is not at " + DJANGO_PROJECT + "; run the test from modules/chat");
        }
        if (!runs(PYTHON, "-c", "import django, channels, channels_redis, daphne")) {
            missing(PYTHON + " cannot import django, channels, channels_redis and daphne"
                    + " (apt-get install -y python3-django python3-channels-redis python3-daphne)");
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
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).startsWith("+PONG");
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
