// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.switchboard.launcher.Settings;
import io.switchboard.testsupport.ChildProcess;
import io.switchboard.testsupport.LoopbackPorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat's jar, run as the single overlay's pod runs it (the ConfigMap's file in {@code conf/}, the container's
 * environment), answers the probes and the scrape where the manifests send them, and stops within the bound the
 * grace period was sized for. Only the ports (free loopback ones), the database file and the heap differ from the pod.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServedEndpointsTest {

    private static final Path JAR = Kustomize.REPOSITORY.resolve("modules/chat/target/switchboard-chat.jar");

    private static Manifest single;
    private static ChildProcess pod;
    private static int managementPort;
    /** HTTP/1.1, as the kubelet and Prometheus ask; no h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void startThePod(@TempDir Path workingDir) throws IOException {
        assertThat(JAR)
                .as("the chat's jar; build it with mvn -pl modules/chat -am package")
                .exists();
        single = ManifestsTest.overlay("single");
        Path conf = workingDir.resolve(Settings.DEFAULT_FILE);
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, single.configFile());

        List<Integer> ports = LoopbackPorts.free(2);
        managementPort = ports.get(1);
        Map<String, String> env = new LinkedHashMap<>(PodEnvironment.of(single.container()));
        env.put("SWITCHBOARD_HOST", "127.0.0.1");
        env.put("SWITCHBOARD_PORT", String.valueOf(ports.get(0)));
        env.put("SWITCHBOARD_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + workingDir.resolve("data/switchboard") + ";DB_CLOSE_DELAY=-1");
        // the pod's options, with a heap a test machine can spare (the later -Xms and -Xmx win)
        env.put("JDK_JAVA_OPTIONS", env.getOrDefault("JDK_JAVA_OPTIONS", "") + " -Xms64m -Xmx256m");

        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString()).directory(workingDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(env);
        pod = ChildProcess.start(
                        "chat as the single overlay runs it",
                        builder,
                        Pattern.compile("Switchboard listening on"),
                        Duration.ofSeconds(60))
                .process();
    }

    @AfterAll
    static void stopThePod() {
        if (pod != null) {
            pod.kill();
        }
    }

    @Test
    void probesAnswer200OnTheManagementPort() throws Exception {
        Container container = single.container();
        for (Probe probe :
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(single.containerPort(probe.getHttpGet().getPort()))
                    .isEqualTo(ServerSettings.intValue(single.settings(), ServerSettings.MANAGEMENT_PORT));
            // a pod gets ready some time after it listens: ask as the probe does, within its timeout (default 1 s)
            Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
            assertThat(statusWithin(probe.getHttpGet().getPath(), timeout, Duration.ofSeconds(30)))
                    .as("GET %s on the management port", probe.getHttpGet().getPath())
                    .isEqualTo(200);
        }
    }

    @Test
    void prometheusScrapesThePathTheAnnotationNames() throws Exception {
        String path = single.deployment()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("prometheus.io/path");
        // Prometheus' default scrape timeout
        HttpResponse<String> metrics = get(path, Duration.ofSeconds(10));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void sigtermStopsItWithinTheStopBound() throws Exception {
        long bound = ServerSettings.intValue(single.settings(), ServerSettings.STOP_TIMEOUT);
        long start = System.nanoTime();
        pod.stop(Duration.ofSeconds(bound));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(bound));
        assertThat(pod.lines()).as("its log").anyMatch(line -> line.contains("Stopped"));
    }

    /** Asks until 200 or the limit, as a probe does until its failure threshold; the status last seen otherwise. */
    private static int statusWithin(String path, Duration timeout, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String last;
            try {
                int status = get(path, timeout).statusCode();
                if (status == 200) {
                    return status;
                }
                last = "HTTP " + status;
            } catch (HttpTimeoutException e) {
                last = "no answer within " + timeout;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("GET " + path + " on the management port: " + last + " after " + limit
                        + "; its output:\n" + pod.tail());
            }
            // a probe's period: from outside, the server has no event to wait on
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(String path, Duration timeout) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + managementPort + path);
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AssertionError(
                    "Nothing answers " + uri + ": the management server (" + ServerSettings.MANAGEMENT_PORT
                            + ") is not listening; its output:\n" + pod.tail(),
                    e);
        }
    }
}
