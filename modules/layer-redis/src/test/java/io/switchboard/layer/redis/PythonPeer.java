// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.Services;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real channels_redis in a Python subprocess ({@code channels_redis_peer.py} run by /usr/bin/python3), read
 * line by line as JSON. Every wait is bounded; {@link #close()} kills the process.
 */
final class PythonPeer implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private PythonPeer(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "python-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the peer.
     *
     * @param flavour {@code core} or {@code pubsub}
     * @param hosts comma-separated Redis URLs
     * @param prefix the channels_redis prefix
     * @param command {@code send CH JSON}, {@code group-send G JSON} or {@code listen ...}
     */
    static PythonPeer start(String flavour, String hosts, String prefix, String... command) {
        List<String> argv = new ArrayList<>(List.of(
                Services.PYTHON, script().toString(), "--flavour", flavour, "--hosts", hosts, "--prefix", prefix));
        argv.addAll(List.of(command));
        try {
            Path stderr = Files.createTempFile("python-peer", ".err");
            Process process =
                    new ProcessBuilder(argv).redirectError(stderr.toFile()).start();
            return new PythonPeer(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a one-shot command to its end and checks that it succeeded. */
    static void run(String flavour, String hosts, String prefix, String... command) {
        try (PythonPeer peer = start(flavour, hosts, prefix, command)) {
            peer.awaitExit(Duration.ofSeconds(20));
        }
    }

    /** The next line the peer printed, as JSON. */
    JsonObject nextLine(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line)
                    .as("a line from the Python peer within %s; stderr: %s", timeout, stderr())
                    .isNotNull();
            return new JsonObject(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void awaitExit(Duration timeout) {
        try {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ended)
                    .as("Python peer ended within %s; stderr: %s", timeout, stderr())
                    .isTrue();
            assertThat(process.exitValue())
                    .as("Python peer exit code; stderr: %s", stderr())
                    .isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind
        }
    }

    private String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** A message as the peer script writes JSON: bytes as {"$bytes": hex}. */
    static String toPeerJson(JsonObject message) {
        return ((JsonObject) toPeer(message)).encode();
    }

    /** A message the peer printed, with {"$bytes": hex} turned back into byte[]. */
    static JsonObject fromPeerJson(JsonObject printed) {
        return (JsonObject) fromPeer(printed);
    }

    private static Object toPeer(Object value) {
        if (value instanceof byte[] bytes) {
            return new JsonObject().put("$bytes", HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Buffer buffer) {
            return toPeer(buffer.getBytes());
        }
        if (value instanceof JsonObject object) {
            JsonObject out = new JsonObject();
            object.getMap().forEach((k, v) -> out.put(k, toPeer(v)));
            return out;
        }
        if (value instanceof JsonArray array) {
            JsonArray out = new JsonArray();
            for (Object v : array) {
                out.add(toPeer(v));
            }
            return out;
        }
        return value;
    }

    private static Object fromPeer(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.put((String) k, v));
            return fromPeer(object);
        }
        if (value instanceof JsonObject object) {
            if (object.size() == 1 && object.containsKey("$bytes")) {
                return HexFormat.of().parseHex(object.getString("$bytes"));
            }
            JsonObject out = new JsonObject();
            object.getMap().forEach((k, v) -> out.put(k, fromPeer(v)));
            return out;
        }
        if (value instanceof JsonArray array) {
            JsonArray out = new JsonArray();
            for (int i = 0; i < array.size(); i++) {
                out.add(fromPeer(array.getValue(i)));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            return fromPeer(new JsonArray(new ArrayList<>(list)));
        }
        return value;
    }

    private static Path script() {
        try {
            return Path.of(
                    PythonPeer.class.getResource("/channels_redis_peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
