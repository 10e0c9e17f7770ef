// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A private redis-server on a free loopback port, without persistence, that a test kills and starts again on the
 * same port: the restarted server has lost every key, as a restart without persistence does.
 */
final class PrivateRedis implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections");

    private final int port;
    private ChildProcess server;

    private PrivateRedis(int port) {
        this.port = port;
    }

    static PrivateRedis start() {
        Services.requireRedisServerBinary();
        PrivateRedis redis = new PrivateRedis(freePort());
        redis.restart();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and returns once it accepts connections. */
    void restart() {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no");
        server = ChildProcess.start("redis-server :" + port, builder, READY, Duration.ofSeconds(10))
                .process();
    }

    /** Kills the server at once (SIGKILL) and waits until it is gone. */
    void kill() {
        if (server != null) {
            server.kill();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
