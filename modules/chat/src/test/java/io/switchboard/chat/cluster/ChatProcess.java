// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One chat server process, started as the README starts it: {@code java -jar modules/chat/target/switchboard-chat.jar}
 * from the repository's root, configured by environment variables. Its output is kept, to show when it fails.
 */
final class ChatProcess {

    /** The repository's root: failsafe runs in the module's directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();

    static final String JAR = "modules/chat/target/switchboard-chat.jar";

    private final String name;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final Thread reader;

    private ChatProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        reader = new Thread(this::read, "chat-process-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails the test, saying how to build it, when the chat jar is missing. */
    static void requireJar() {
        assertThat(Files.isRegularFile(ROOT.resolve(JAR)))
                .as(ROOT.resolve(JAR) + " is missing; run `mvn -B -q -DskipTests package` first (`mvn verify` builds"
                        + " it before the integration tests)")
                .isTrue();
    }

    /** Starts {@code java -jar} on the chat jar with these variables added to this process's environment. */
    static ChatProcess start(String name, Map<String, String> env) throws IOException {
        requireJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(java, "-jar", JAR).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("SWITCHBOARD_") || key.equals("ASGI_THREADS"));
        builder.environment().putAll(env);
        return new ChatProcess(name, builder.start());
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.contains("Switchboard listening on")) {
                    listening.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone: its exit shows below
        }
        listening.completeExceptionally(new AssertionError(name + " ended before listening:\n" + output()));
    }

    /** Waits for the "listening" line. */
    void awaitListening(long seconds) throws Exception {
        try {
            listening.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " not listening after " + seconds + " s:\n" + output(), e);
        }
    }

    /** Waits for the process to end by itself, and for its last lines to be read. */
    int awaitExit(long seconds) throws Exception {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                .as("%s still running after %d s:%n%s", name, seconds, output())
                .isTrue();
        reader.join(5_000);
        return process.exitValue();
    }

    List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    String output() {
        return String.join("\n", lines());
    }

    /** Stops it as Kubernetes would, SIGTERM, then kills it if it does not end; returns once its output is read. */
    void destroy() throws InterruptedException {
        // the handle's destroy only signals: Process.destroy() also closes our end of its output, losing its last lines
        process.toHandle().destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }

    @Override
    public String toString() {
        return name;
    }
}
