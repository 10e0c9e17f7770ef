// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The chat jar as a child process, started as the README starts it ({@code java -jar}, from the repository's root,
 * so with {@code conf/switchboard.json}) on 127.0.0.1 and a free port, with a fresh H2 database in a directory of
 * the test's; any further setting comes as its {@code SWITCHBOARD_*} variable. Its stdout and stderr are kept, and
 * its resident memory is read from {@code /proc/<pid>/status}. {@link #close} ends this process only, by its pid.
 */
final class ServerProcess implements AutoCloseable {

    /** The repository's root: failsafe runs in the module's directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();

    static final String JAR = "modules/chat/target/switchboard-chat.jar";

    /** Output lines kept; a server that floods its log is cut off here rather than filling the test's heap. */
    private static final int KEPT_LINES = 200_000;

    private final String name;
    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();
    private long lines;
    private final CompletableFuture<String> listening = new CompletableFuture<>();

    /** Kills the process if the test JVM ends first (a failsafe timeout, say), so that no server outlives it. */
    private final Thread killer;

    private ServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.killer = new Thread(process::destroyForcibly, "server-killer-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(this::read, "server-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails the test, saying how to build it, when the chat jar is missing. */
    static void requireJar() {
        assertThat(Files.isRegularFile(ROOT.resolve(JAR)))
                .as(ROOT.resolve(JAR) + " is missing; run `mvn -B -q -DskipTests install` first (`mvn verify` builds"
                        + " it before the integration tests)")
                .isTrue();
    }

    /**
     * Starts the jar and waits until it listens.
     *
     * @param name for messages
     * @param dataDir a fresh directory for its database
     * @param settings {@code SWITCHBOARD_*} variables beyond host, port and database
     * @return the listening server
     */
    static ServerProcess start(String name, Path dataDir, Map<String, String> settings) throws Exception {
        requireJar();
        Files.createDirectories(dataDir);
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(java, "-jar", JAR).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("SWITCHBOARD_") || key.equals("ASGI_THREADS"));
        builder.environment().put("SWITCHBOARD_HOST", "127.0.0.1");
        builder.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        builder.environment().put("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + dataDir.resolve("switchboard"));
        builder.environment().putAll(settings);
        ServerProcess server = new ServerProcess(name, builder.start(), port);
        try {
            server.listening.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.close();
            throw new AssertionError(name + " not listening after 90 s:\n" + server.tail(40), e);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    lines++;
                    if (output.size() < KEPT_LINES) {
                        output.add(line);
                    }
                    output.notifyAll();
                }
                if (line.contains("Switchboard listening on")) {
                    listening.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        listening.completeExceptionally(new AssertionError(name + " ended before listening:\n" + tail(40)));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return its resident memory in kB (VmRSS), 0 once it has ended */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // ended
        }
        return 0;
    }

    /** @return how many lines it has written so far: a mark for {@link #linesSince} */
    long mark() {
        synchronized (output) {
            return lines;
        }
    }

    /** @return the lines written since a {@link #mark} (as far as they were kept) */
    List<String> linesSince(long mark) {
        synchronized (output) {
            int from = (int) Math.min(mark, output.size());
            return List.copyOf(output.subList(from, output.size()));
        }
    }

    /**
     * Waits for a line written after a {@link #mark}.
     *
     * @param mark from {@link #mark}
     * @param wanted what the line holds
     * @param millis how long to wait
     * @return the first such line, or {@code null} if none came in time
     */
    String awaitLine(long mark, Predicate<String> wanted, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int checked = (int) mark;
        synchronized (output) {
            while (true) {
                for (; checked < output.size(); checked++) {
                    if (wanted.test(output.get(checked))) {
                        return output.get(checked);
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                output.wait(left);
            }
        }
    }

    /**
     * Waits until it has written nothing for {@code quiet}, so that what a test caused is all in {@link #linesSince}.
     *
     * @param quiet how long without a line
     * @param max how long to wait at most
     */
    void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (output) {
            long seen = lines;
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < Math.min(quietUntil, deadline)) {
                output.wait(Math.max(1, (Math.min(quietUntil, deadline) - System.nanoTime()) / 1_000_000));
                if (lines != seen) {
                    seen = lines;
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
    }

    /** @return its last lines, for failure messages */
    String tail(int n) {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - n), output.size()));
        }
    }

    /** Ends it: SIGTERM to its pid, and SIGKILL if it is still there after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway, on a process that has ended
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
