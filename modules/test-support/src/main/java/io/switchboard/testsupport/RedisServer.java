// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A private redis-server on a free loopback port, without persistence, that a test may kill and start again on the
 * same port: the restarted server has lost every key, as a restart without persistence does. Without the
 * {@code redis-server} program the test is skipped, or fails when {@code CI=true}. Blocking: JUnit thread only.
 */
public final class RedisServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections");

    private final int port;
    private ChildProcess server;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts a server and returns once it accepts connections. */
    public static RedisServer start() {
        Services.requireCommand(
                "redis-server is not installed (apt-get install -y redis-server)", "redis-server", "--version");
        RedisServer redis = new RedisServer(LoopbackPorts.free());
        redis.restart();
        return redis;
    }

    /** @return its port */
    public int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts the server again on the same port and returns once it accepts connections.
     *
     * @throws IllegalStateException if it is running
     */
    public void restart() {
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
    public void kill() {
        if (server != null) {
            server.kill();
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "redis-server :" + port;
    }
}
