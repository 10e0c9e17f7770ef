// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.ChildProcess;
import io.switchboard.testsupport.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chat jar as a child process, started as the README starts it ({@code java -jar}, from the repository's root,
 * so with {@code conf/switchboard.json}), configured by {@code SWITCHBOARD_*} variables only: those of the test's
 * own environment are left out. Its output is kept in its {@link #process()}; its resident memory is read from
 * {@code /proc/<pid>/status}. {@link #close} stops it as Kubernetes would. Blocking: JUnit thread only.
 */
public final class ChatJar implements AutoCloseable {

    /** The repository's root: failsafe runs in the module's directory. */
    public static final Path ROOT =
            Path.of("").toAbsolutePath().resolve("../..").normalize();

    public static final String JAR = "modules/chat/target/switchboard-chat.jar";

    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on");

    private final ChildProcess process;
    private final int port;

    private ChatJar(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Fails the test, saying how to build it, when the chat jar is missing. */
    public static void requireJar() {
        assertThat(Files.isRegularFile(ROOT.resolve(JAR)))
                .as(ROOT.resolve(JAR) + " is missing; run `mvn -B -q -DskipTests install` first (`mvn verify` builds"
                        + " it before the integration tests)")
                .isTrue();
    }

    /**
     * Starts the jar without waiting for it to listen.
     *
     * @param name for messages
     * @param env its {@code SWITCHBOARD_*} variables; {@code SWITCHBOARD_PORT} is its port
     * @return the starting server
     */
    public static ChatJar launch(String name, Map<String, String> env) {
        requireJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR).directory(ROOT.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SWITCHBOARD_") || key.equals("ASGI_THREADS"));
        // no management server unless the test asks for one: several chats run side by side
        builder.environment().put("SWITCHBOARD_MANAGEMENT_PORT", "0");
        builder.environment().putAll(env);
        int port = Integer.parseInt(env.getOrDefault("SWITCHBOARD_PORT", "0"));
        return new ChatJar(ChildProcess.launch(name, builder), port);
    }

    /**
     * Starts the jar on 127.0.0.1 and a free port, with a fresh H2 database in {@code dataDir}, and waits until it
     * listens.
     *
     * @param name for messages
     * @param dataDir a fresh directory for its database
     * @param settings {@code SWITCHBOARD_*} variables beyond host, port and database
     * @return the listening server
     */
    public static ChatJar start(String name, Path dataDir, Map<String, String> settings) throws IOException {
        Files.createDirectories(dataDir);
        Map<String, String> env = new HashMap<>(settings);
        env.put("SWITCHBOARD_HOST", "127.0.0.1");
        env.put("SWITCHBOARD_PORT", String.valueOf(LoopbackPorts.free()));
        env.put("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + dataDir.resolve("switchboard"));
        ChatJar server = launch(name, env);
        try {
            server.awaitListening(Duration.ofSeconds(90));
        } catch (RuntimeException | Error e) {
            server.process.kill();
            throw e;
        }
        return server;
    }

    /**
     * Waits for its "listening" line.
     *
     * @throws IllegalStateException if it ends or the limit passes first, with its last output
     */
    public void awaitListening(Duration limit) {
        process.awaitReady(LISTENING, limit);
    }

    /** @return the process, for its output and exit */
    public ChildProcess process() {
        return process;
    }

    /** @return its output so far */
    public List<String> lines() {
        return process.lines();
    }

    public int port() {
        return port;
    }

    /** @return its resident memory in kB (VmRSS), 0 once it has ended */
    public long rssKb() {
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

    /** Ends it: SIGTERM, and SIGKILL if it is still there after 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return process + ", port " + port;
    }
}
