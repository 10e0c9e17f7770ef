// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium as a subprocess with a fresh profile, driven over the Chrome DevTools Protocol. Pages
 * are tabs reached through the browser's one DevTools socket. {@link #close()} kills the browser and its child
 * processes and deletes the profile. Launch and close block: call them from the JUnit thread only.
 */
final class Chromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package puts the browser; {@code .ci/run} installs it. */
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final String LISTENING = "DevTools listening on ";
    private static final long COMMAND_TIMEOUT_MILLIS = 5_000;
    private static final int STDERR_LINES_KEPT = 40;

    private final Vertx vertx;
    private final Path profile;
    private final Process process;
    private final Thread killOnExit;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final Promise<String> devToolsUrl = Promise.promise();
    private CdpConnection cdp;
    private boolean closed;

    private Chromium(Vertx vertx, Path profile, Process process) {
        this.vertx = vertx;
        this.profile = profile;
        this.process = process;
        // A JVM stopped mid-test must not leave a browser behind
        this.killOnExit = new Thread(process::destroyForcibly, "chromium-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        Thread reader = new Thread(this::readStderr, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Skips the calling test when Chromium is not installed, or fails it when {@code CI=true}, where
     * {@code .ci/run} must have installed it.
     */
    static void assumeInstalled() {
        if (Files.isExecutable(EXECUTABLE)) {
            return;
        }
        String reason = "Chromium not installed at " + EXECUTABLE + "; install it with apt-get install -y chromium";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true requires it)");
        }
        System.out.println("Skipping: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    /**
     * Starts a headless browser and connects to it. Blocking: JUnit thread only.
     *
     * @param vertx the Vert.x instance whose WebSocket client talks to the browser
     * @param timeoutMillis how long start-up may take
     * @return the running browser; close it
     * @throws Exception when the browser does not start in time, with the end of its error output
     */
    static Chromium launch(Vertx vertx, long timeoutMillis) throws Exception {
        Path profile = Files.createTempDirectory("switchboard-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(List.of(
                            EXECUTABLE.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1000,700",
                            "--remote-debugging-port=0",
                            "--user-data-dir=" + profile,
                            "about:blank"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        Chromium browser = new Chromium(vertx, profile, process);
        try {
            String url = browser.devToolsUrl.future().await(timeoutMillis, TimeUnit.MILLISECONDS);
            browser.cdp = CdpConnection.connect(vertx, url, COMMAND_TIMEOUT_MILLIS)
                    .await(timeoutMillis, TimeUnit.MILLISECONDS);
            return browser;
        } catch (Exception e) {
            String output = browser.stderrTail();
            browser.close();
            throw new IllegalStateException(
                    "Chromium did not start within " + timeoutMillis + " ms: " + e + "; its stderr ends with:\n"
                            + output,
                    e);
        }
    }

    /**
     * Opens a new tab on {@code about:blank}.
     *
     * @param name the page's name in failure messages
     * @return a future of the page
     */
    Future<BrowserPage> newPage(String name) {
        return cdp.send(null, "Target.createTarget", new JsonObject().put("url", "about:blank"))
                .compose(target -> cdp.send(
                        null,
                        "Target.attachToTarget",
                        new JsonObject()
                                .put("targetId", target.getString("targetId"))
                                .put("flatten", true)))
                .compose(attached -> {
                    String sessionId = attached.getString("sessionId");
                    // Tabs in the background have no focus; emulating it lets every tab take typed input
                    return cdp.send(
                                    sessionId,
                                    "Emulation.setFocusEmulationEnabled",
                                    new JsonObject().put("enabled", true))
                            .map(v -> new BrowserPage(vertx, cdp, sessionId, name));
                });
    }

    /** Kills the browser and its child processes, then deletes the profile. Blocking: JUnit thread only. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (cdp != null) {
                cdp.close().await(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // The browser is killed next whatever state its socket is in
        }
        List<ProcessHandle> children = process.descendants().toList();
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.destroyForcibly();
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Chromium (pid " + process.pid() + ") did not stop: " + e, e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            deleteTree(profile);
        }
    }

    /** @return the last lines Chromium wrote to stderr */
    String stderrTail() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    private void readStderr() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (stderr) {
                    stderr.addLast(line);
                    if (stderr.size() > STDERR_LINES_KEPT) {
                        stderr.removeFirst();
                    }
                }
                if (line.startsWith(LISTENING)) {
                    devToolsUrl.tryComplete(line.substring(LISTENING.length()).trim());
                }
            }
        } catch (IOException e) {
            // The stream closes when the browser is killed
        }
        devToolsUrl.tryFail(new IllegalStateException("Chromium exited before it listened for DevTools"));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (NoSuchFileException e) {
                    // Already gone
                }
            }
        } catch (NoSuchFileException e) {
            // Already gone
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the Chromium profile " + root, e);
        }
    }
}
