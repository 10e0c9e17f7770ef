// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private redis-server on a free loopback port that a test may kill and start again on the same port: without
 * persistence, the restarted server has lost every key, as a restart without persistence does; started with
 * {@link #startPersistent()}, it comes back with them. Without the
 * {@code redis-server} program the test is skipped, or fails when {@code CI=true}. Blocking: JUnit thread only.
 */
public final class RedisServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections");

    private final int port;
    /** Where an append-only server keeps its file; {@code null} for a server without persistence. */
    private final Path dataDir;

    private ChildProcess server;

    private RedisServer(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a server and returns once it accepts connections. */
    public static RedisServer start() {
        return start(null);
    }

    /**
     * Starts a server that writes every command to an append-only file before it answers, so that a server killed
     * and started again comes back with its data, as a Redis with {@code appendfsync always} does.
     */
    public static RedisServer startPersistent() {
        try {
            return start(Files.createTempDirectory("redis-aof"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisServer start(Path dataDir) {
        Services.requireCommand(
                "redis-server is not installed (apt-get install -y redis-server)", "redis-server", "--version");
        RedisServer redis = new RedisServer(LoopbackPorts.free(), dataDir);
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
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--protected-mode",
                "no"));
        if (dataDir == null) {
            command.addAll(List.of("--appendonly", "no"));
        } else {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
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
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    @Override
    public String toString() {
        return "redis-server :" + port;
    }
}
