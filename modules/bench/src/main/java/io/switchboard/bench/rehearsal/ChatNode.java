// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One chat process of the rehearsal: the chat jar, started with {@code java -jar} from the repository's root and
 * configured by {@code SWITCHBOARD_*} variables only, its output appended to a log file of its own. It can be
 * stopped as Kubernetes stops a pod (SIGTERM, then wait for the exit) or killed ({@code kill -9}), and started again
 * on the same ports. Blocking: call from the rehearsal's own thread.
 */
final class ChatNode {

    private final String name;
    private final Path root;
    private final Path jar;
    private final Path log;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private Process process;

    /**
     * @param name the node's name, as the balancer knows it
     * @param root the repository's root: the process's working directory, for {@code conf/switchboard.json}
     * @param jar the chat jar
     * @param log the file its output is appended to
     * @param port its HTTP port
     * @param managementPort its management port (probes), passed as {@code SWITCHBOARD_MANAGEMENT_PORT}
     * @param env its {@code SWITCHBOARD_*} variables, the port ones included
     */
    ChatNode(String name, Path root, Path jar, Path log, int port, int managementPort, Map<String, String> env) {
        this.name = name;
        this.root = root;
        this.jar = jar;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
        this.env = Map.copyOf(env);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    int managementPort() {
        return managementPort;
    }

    /** Starts the process without waiting for it to be ready. */
    void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("SWITCHBOARD_"));
        environment.putAll(env);
        process = builder.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the running process's id, for the report */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM, as Kubernetes stops a pod; the server drains its sockets and exits by itself. */
    void terminate() {
        if (isAlive()) {
            process.destroy();
        }
    }

    /**
     * Waits for the process to end.
     *
     * @return its exit status
     * @throws IllegalStateException if it is still running after {@code limit}
     */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + limit + "; last lines:\n" + tail());
        }
        return process.exitValue();
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops it for good: SIGTERM, and SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (!isAlive()) {
            return;
        }
        terminate();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** @return its last lines of output, for failure messages */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", pid " + pid() + ")";
    }
}
