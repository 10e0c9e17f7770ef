// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in front of the chat nodes, standing for the Kubernetes Service: the nodes its health check finds ready,
 * the one with the fewest connections first, nothing sticky, and a {@code X-Switchboard-Node} header on each answer naming the node that
 * served it. A node that is not started yet is in the configuration but disabled; {@link #enable} adds it, as an
 * endpoint is added once its pod is ready. Its admin socket (a Unix socket in the run's directory) tells each node's
 * state. Blocking: call from the rehearsal's own thread.
 */
final class Balancer implements AutoCloseable {

    /** The header HAProxy puts on every answer, WebSocket handshakes included. */
    static final String NODE_HEADER = "X-Switchboard-Node";

    private static final String BACKEND = "nodes";

    private final Process process;
    private final Path socket;
    private final Path log;

    private Balancer(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /**
     * Writes the configuration and starts HAProxy in the foreground.
     *
     * @param haproxy the program
     * @param dir the run's directory: configuration, admin socket and output
     * @param port the port clients connect to, on 127.0.0.1
     * @param nodes every node that may run
     * @param running the nodes that serve from the start; the others are disabled
     * @param check the health check
     */
    static Balancer start(
            Path haproxy, Path dir, int port, List<ChatNode> nodes, List<ChatNode> running, HealthCheck check)
            throws IOException, InterruptedException {
        Path socket = dir.resolve("haproxy.sock");
        Files.deleteIfExists(socket);
        StringBuilder config = new StringBuilder()
                .append("global\n")
                .append("    stats socket ")
                .append(socket)
                .append(" mode 600 level admin\n")
                .append("    maxconn 4000\n")
                .append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 2s\n")
                .append("    timeout client 30s\n")
                .append("    timeout server 30s\n")
                .append("    timeout check 2s\n")
                // a WebSocket is a tunnel once upgraded: idle rooms must not be cut
                .append("    timeout tunnel 1h\n")
                // a connection refused by a node that died a moment ago goes to another one
                .append("    retries 2\n")
                .append("    option redispatch\n")
                .append("frontend chat\n")
                .append("    bind 127.0.0.1:")
                .append(port)
                .append('\n')
                .append("    default_backend ")
                .append(BACKEND)
                .append('\n')
                .append("backend ")
                .append(BACKEND)
                .append('\n')
                // long-lived connections: each new one goes to the node with the fewest (HAProxy's advice for
                // WebSockets), so a node that joins takes the new ones until it has its share
                .append("    balance leastconn\n")
                .append(check.backendLines())
                .append("    http-response set-header ")
                .append(NODE_HEADER)
                .append(" %s\n")
                .append("    default-server check inter 500ms fall 2 rise 2\n");
        for (ChatNode node : nodes) {
            config.append("    server ")
                    .append(node.name())
                    .append(" 127.0.0.1:")
                    .append(node.port())
                    .append(" port ")
                    .append(check.port(node))
                    .append(running.contains(node) ? "" : " disabled")
                    .append('\n');
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Path log = dir.resolve("haproxy.log");
        Process process = new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Balancer balancer = new Balancer(process, socket, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                balancer.close();
                throw new IllegalStateException("HAProxy did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return balancer;
    }

    /** Puts a disabled node in the rotation; its health check then decides when it takes connections. */
    void enable(ChatNode node) throws IOException {
        command("enable server " + BACKEND + "/" + node.name());
    }

    /**
     * Waits until HAProxy's health check has found the node ready ({@code UP}) or not ({@code DOWN}).
     *
     * @param limit how long to wait
     * @throws IllegalStateException if it is not in that state in time
     */
    void await(ChatNode node, String state, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String now = state(node);
        while (!now.equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " is " + now + ", not " + state + ", after " + limit);
            }
            // the check runs every 500 ms
            Thread.sleep(100);
            now = state(node);
        }
    }

    /** @return the node's state in HAProxy: {@code UP}, {@code DOWN}, {@code MAINT}, or a transition */
    String state(ChatNode node) throws IOException {
        String[] lines = command("show stat").split("\n");
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(","));
        int name = header.indexOf("svname");
        int status = header.indexOf("status");
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > status && fields[0].equals(BACKEND) && fields[name].equals(node.name())) {
                return fields[status];
            }
        }
        throw new IllegalStateException("HAProxy does not know " + node.name());
    }

    private String command(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }

    /** @return HAProxy's own output, for failure messages */
    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
