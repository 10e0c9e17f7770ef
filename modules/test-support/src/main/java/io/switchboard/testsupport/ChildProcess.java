// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program a test runs (a server, redis-server, daphne), with its stdout and stderr read into a list of lines that
 * a test can wait on. It is killed, with anything it started, by {@link #close}, and also if the test JVM ends
 * first, so that no program outlives a failsafe timeout. Blocking: JUnit thread only.
 */
public final class ChildProcess implements AutoCloseable {

    /** Output lines kept; a program that floods its log is cut off here rather than filling the test's heap. */
    private static final int KEPT_LINES = 200_000;

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Thread reader;
    private final Process process;
    private final Thread killer;
    private final List<String> output = new ArrayList<>();
    private long lines;
    private boolean ended;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.killer = new Thread(this::killTree, "kill-on-exit-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
        reader = new Thread(this::read, "output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a program without waiting for anything.
     *
     * @param name for messages
     * @param builder the program, its directory and environment; its output is read here
     * @return the running program
     */
    public static ChildProcess launch(String name, ProcessBuilder builder) {
        try {
            return new ChildProcess(name, builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + builder.command(), e);
        }
    }

    /**
     * Starts a program and waits for a line that says it is ready; kills it if none comes.
     *
     * @param name for messages
     * @param builder the program, its directory and environment
     * @param readyLine found in the line that says it is ready
     * @param limit how long to wait for that line
     * @return the running program and the match of its ready line
     * @throws IllegalStateException if it ends or stays silent until the limit, with its last output
     */
    public static Started start(String name, ProcessBuilder builder, Pattern readyLine, Duration limit) {
        ChildProcess child = launch(name, builder);
        try {
            return new Started(child, child.awaitReady(readyLine, limit));
        } catch (RuntimeException e) {
            child.kill();
            throw e;
        }
    }

    /**
     * Waits for the first line, since it started, in which a pattern is found.
     *
     * @param readyLine the pattern
     * @param limit how long to wait
     * @return the match, for example to read the port it printed
     * @throws IllegalStateException if it ends or the limit passes first, with its last output
     */
    public Matcher awaitReady(Pattern readyLine, Duration limit) {
        String line = awaitLine(0, l -> readyLine.matcher(l).find(), limit);
        if (line == null) {
            throw new IllegalStateException(name + (isAlive() ? " did not get ready within " + limit : " ended")
                    + " (waited for /" + readyLine + "/); its output:\n" + tail());
        }
        Matcher matcher = readyLine.matcher(line);
        matcher.find();
        return matcher;
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
            }
        } catch (IOException e) {
            // the process is gone
        }
        synchronized (output) {
            ended = true;
            output.notifyAll();
        }
    }

    /** @return how many lines it has written so far: a mark for {@link #linesSince} and {@link #awaitLine} */
    public long mark() {
        synchronized (output) {
            return lines;
        }
    }

    /** @return the lines written since a {@link #mark} (as far as they were kept) */
    public List<String> linesSince(long mark) {
        synchronized (output) {
            int from = (int) Math.min(mark, output.size());
            return List.copyOf(output.subList(from, output.size()));
        }
    }

    /** @return every line kept */
    public List<String> lines() {
        return linesSince(0);
    }

    /**
     * Waits for a line written after a {@link #mark}.
     *
     * @param mark from {@link #mark}, or 0
     * @param wanted what the line holds
     * @param limit how long to wait
     * @return the first such line, or {@code null} if none came in time or the output ended first
     */
    public String awaitLine(long mark, Predicate<String> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int checked = (int) mark;
        synchronized (output) {
            while (true) {
                for (; checked < output.size(); checked++) {
                    if (wanted.test(output.get(checked))) {
                        return output.get(checked);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (ended || left <= 0) {
                    return null;
                }
                waitOnOutput(left);
            }
        }
    }

    /**
     * Waits until it has written nothing for {@code quiet}, so that what a test caused is all in
     * {@link #linesSince}.
     *
     * @param quiet how long without a line
     * @param max how long to wait at most
     */
    public void awaitQuiet(Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (output) {
            long seen = lines;
            long quietUntil = System.nanoTime() + quiet.toNanos();
            long until;
            while ((until = Math.min(quietUntil, deadline)) - System.nanoTime() > 0 && !ended) {
                waitOnOutput(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
                if (lines != seen) {
                    seen = lines;
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
    }

    private void waitOnOutput(long millis) {
        try {
            output.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the output of " + name, e);
        }
    }

    /** @return its last lines, for failure messages */
    public String tail() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - TAIL_LINES), output.size()));
        }
    }

    /**
     * Waits for it to end by itself.
     *
     * @param limit how long to wait
     * @return its exit code
     * @throws AssertionError if it is still running then, with its last output
     */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + limit + ":\n" + tail());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Asks it to stop (SIGTERM), as Kubernetes would, and kills it with anything it started if it is still there
     * after {@code grace}.
     *
     * @param grace how long it may take to stop
     */
    public void stop(Duration grace) throws InterruptedException {
        // through the handle: Process.destroy() also closes our end of its output, and its last lines would be lost
        process.toHandle().destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        reader.join(5_000);
        forgetKiller();
    }

    /** Kills it at once (SIGKILL), with anything it started, and waits until it is gone. */
    public void kill() {
        killTree();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forgetKiller();
    }

    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void forgetKiller() {
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway, on a process that has ended
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /**
     * A started program and the match of its ready line.
     *
     * @param process the program
     * @param readyLine the match, for example to read the port it printed
     */
    public record Started(ChildProcess process, Matcher readyLine) {}
}
