// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * channels_redis' own group_send, in a {@code /usr/bin/python3} process running {@code channels_redis_sender.py}:
 * {@link #send} hands it a sequence number through a pipe, written by a thread of its own so that no event loop
 * ever writes to the pipe.
 */
final class PythonSender implements AutoCloseable {

    private static final int STOP = -1;

    private final Process process;
    private final BlockingQueue<Integer> outbox = new LinkedBlockingQueue<>();
    private final Deque<String> output = new ArrayDeque<>();
    private final Thread writer;
    private volatile IntConsumer onSent = seq -> {};

    private PythonSender(Process process) {
        this.process = process;
        writer = new Thread(this::write, "channels-redis-sender-pipe");
        writer.setDaemon(true);
    }

    /**
     * Starts the Python sender and waits until it has connected.
     *
     * @param python the interpreter, for example {@code /usr/bin/python3}
     * @param flavour {@code redis} or {@code redis-pubsub}
     * @param hosts the Redis URLs
     * @param prefix the key prefix
     * @param group the group it sends to
     * @return the running sender
     */
    static PythonSender start(String python, String flavour, List<String> hosts, String prefix, String group)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("channels_redis_sender", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = PythonSender.class.getResourceAsStream("channels_redis_sender.py")) {
            if (in == null) {
                throw new IllegalStateException("channels_redis_sender.py is missing from the class path");
            }
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder(
                        python, script.toString(), flavour, String.join(",", hosts), prefix, group)
                .redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        PythonSender sender = new PythonSender(builder.start());
        sender.awaitReady();
        sender.writer.start();
        return sender;
    }

    private void awaitReady() throws InterruptedException {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("ok ")) {
                                onSent.accept(Integer.parseInt(line.substring(3)));
                                continue;
                            }
                            synchronized (output) {
                                output.addLast(line);
                                if (output.size() > 20) {
                                    output.removeFirst();
                                }
                                output.notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "channels-redis-sender-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (output) {
            while (!output.contains("ready")) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The channels_redis sender did not start: " + output);
                }
                output.wait(Math.min(left, 100));
            }
        }
    }

    /** Sets what to call, on the thread reading its output, each time one of its group_sends has returned. */
    void onSent(IntConsumer onSent) {
        this.onSent = onSent;
    }

    /** Asks for one group_send; returns at once, from any thread. */
    void send(int seq) {
        outbox.add(seq);
    }

    private void write() {
        OutputStream pipe = process.getOutputStream();
        try {
            while (true) {
                StringBuilder batch = new StringBuilder();
                int seq = outbox.take();
                do {
                    if (seq == STOP) {
                        pipe.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        pipe.close();
                        return;
                    }
                    batch.append(seq).append('\n');
                    Integer more = outbox.poll();
                    seq = more == null ? Integer.MIN_VALUE : more;
                } while (seq != Integer.MIN_VALUE);
                pipe.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                pipe.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The channels_redis sender's pipe broke", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return its last lines of output */
    String output() {
        synchronized (output) {
            return String.join(" | ", output);
        }
    }

    /** Ends its input, gives it a few seconds to finish its sends, then kills it. */
    @Override
    public void close() throws InterruptedException {
        outbox.add(STOP);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
