// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program a test runs, started and awaited until a line of its output matches a pattern; {@link #close} kills it
 * (and anything it started) and waits until it is gone. Its last output lines are kept for failure messages.
 */
final class ChildProcess implements AutoCloseable {

    private static final int KEPT_LINES = 40;

    private final String name;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

    private ChildProcess(String name, Process process, Pattern readyLine) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> read(readyLine), name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a program and waits for its ready line.
     *
     * @param name for messages
     * @param builder the program, its directory and environment; its output is read here
     * @param readyLine a line that says it is ready
     * @param limit how long to wait for that line
     * @return the running program and the match of its ready line
     */
    static Started start(String name, ProcessBuilder builder, Pattern readyLine, Duration limit) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + builder.command(), e);
        }
        ChildProcess child = new ChildProcess(name, process, readyLine);
        try {
            return new Started(child, child.ready.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            child.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            child.close();
            throw new IllegalStateException(
                    name + " did not get ready within " + limit + "; its output:\n" + child.output(), e);
        }
    }

    private void read(Pattern readyLine) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                Matcher matcher = readyLine.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(matcher);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited"));
    }

    /** @return its last lines of output */
    String output() {
        synchronized (lastLines) {
            return String.join("\n", List.copyOf(lastLines));
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it at once (SIGKILL), with anything it started, and waits until it is gone. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /**
     * A started program and the match of its ready line.
     *
     * @param process the program
     * @param readyLine the match, for example to read the port it printed
     */
    record Started(ChildProcess process, Matcher readyLine) {}
}
