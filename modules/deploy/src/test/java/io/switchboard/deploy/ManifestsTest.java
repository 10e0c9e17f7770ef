// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.switchboard.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of {@code k8s/}, rendered and read strictly into the Kubernetes model, held against the chat: the
 * variables it sets are settings, its ports and probes are the ones the pod's configuration makes the server use, its
 * grace period covers the stop, and its objects select the Deployment's pods.
 */
@Timeout(60)
class ManifestsTest {

    private static final Pattern HEAP = Pattern.compile("-Xm([sx])(\\d+)([kmg])", Pattern.CASE_INSENSITIVE);

    private static final Map<String, Manifest> RENDERED = new ConcurrentHashMap<>();

    static Stream<Manifest> overlays() {
        return Kustomize.OVERLAYS.stream().map(overlay -> RENDERED.computeIfAbsent(overlay, Manifest::of));
    }

    static Stream<Manifest> severalPods() {
        return overlays().filter(manifest -> !manifest.overlay().equals("single"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everySwitchboardVariableIsASettingOfTheChat(Manifest manifest) {
        List<String> set = manifest.container().getEnv().stream()
                .map(EnvVar::getName)
                .filter(name -> name.startsWith("SWITCHBOARD_"))
                .toList();
        assertThat(set).isNotEmpty();
        assertThat(ServerSettings.variables()).as("the chat's settings").containsAll(set);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void portsAreTheOnesThePodsConfigurationListensOn(Manifest manifest) {
        JsonObject config = manifest.settings();
        int http = ServerSettings.intValue(config, "server.port");
        int management = ServerSettings.intValue(config, ServerSettings.MANAGEMENT_PORT);
        assertThat(manifest.containerPort("http")).isEqualTo(http);
        assertThat(manifest.containerPort("management")).isEqualTo(management);
        assertThat(management).isNotEqualTo(http);

        Service clients = manifest.named(Service.class, "switchboard");
        for (ServicePort port : clients.getSpec().getPorts()) {
            assertThat(manifest.containerPort(port.getTargetPort()))
                    .as("the client Service's target port")
                    .isEqualTo(http);
        }
        Map<String, String> annotations =
                manifest.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(management));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesAskTheManagementPort(Manifest manifest) {
        int management = ServerSettings.intValue(manifest.settings(), ServerSettings.MANAGEMENT_PORT);
        Container container = manifest.container();
        for (Probe probe :
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe.getHttpGet()).as("an HTTP probe").isNotNull();
            assertThat(manifest.containerPort(probe.getHttpGet().getPort())).isEqualTo(management);
        }
        assertThat(container.getReadinessProbe().getHttpGet().getPath())
                .isNotEqualTo(container.getLivenessProbe().getHttpGet().getPath());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void gracePeriodCoversThePreStopDelayAndTheStopBound(Manifest manifest) {
        JsonObject config = manifest.settings();
        long delay = ServerSettings.intValue(config, ServerSettings.STOP_DELAY);
        long drain = ServerSettings.intValue(config, ServerSettings.DRAIN_PERIOD);
        long bound = ServerSettings.intValue(config, ServerSettings.STOP_TIMEOUT);
        long grace = manifest.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(bound)
                .as("the stop bound against the delay %d s + the drain %d s", delay, drain)
                .isGreaterThan(delay + drain);
        assertThat(grace)
                .as("terminationGracePeriodSeconds against preStop %d s + stop bound %d s", preStop(manifest), bound)
                .isGreaterThan(preStop(manifest) + bound);
    }

    /** Seconds the preStop hook sleeps: {@code sleep N}, as an exec command or the sleep action. */
    private static long preStop(Manifest manifest) {
        var preStop = manifest.container().getLifecycle().getPreStop();
        if (preStop.getSleep() != null) {
            return preStop.getSleep().getSeconds();
        }
        List<String> command = preStop.getExec().getCommand();
        assertThat(command).hasSize(2).first().isEqualTo("sleep");
        return Long.parseLong(command.get(1));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void heapIsFixedAndBelowTheMemoryLimit(Manifest manifest) {
        String options = PodEnvironment.of(manifest.container()).getOrDefault("JDK_JAVA_OPTIONS", "");
        Matcher heap = HEAP.matcher(options);
        long initial = 0;
        long max = 0;
        while (heap.find()) {
            long bytes = Long.parseLong(heap.group(2))
                    << switch (heap.group(3).toLowerCase()) {
                        case "k" -> 10;
                        case "m" -> 20;
                        default -> 30;
                    };
            if (heap.group(1).equalsIgnoreCase("s")) {
                initial = bytes;
            } else {
                max = bytes;
            }
        }
        assertThat(max).as("-Xmx in JDK_JAVA_OPTIONS").isPositive();
        assertThat(initial).as("-Xms equal to -Xmx").isEqualTo(max);
        Quantity limit = manifest.container().getResources().getLimits().get("memory");
        assertThat(Quantity.getAmountInBytes(limit)).isGreaterThan(BigDecimal.valueOf(max));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void instancesAndThreadsFollowTheCpuLimit(Manifest manifest) {
        for (String variable : List.of("SWITCHBOARD_INSTANCES", "SWITCHBOARD_THREADS")) {
            EnvVar set = manifest.container().getEnv().stream()
                    .filter(env -> env.getName().equals(variable))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(manifest + " does not set " + variable));
            assertThat(set.getValueFrom().getResourceFieldRef().getResource()).isEqualTo("limits.cpu");
        }
        JsonObject config = manifest.settings();
        BigDecimal cores = Quantity.getAmountInBytes(
                manifest.container().getResources().getLimits().get("cpu"));
        assertThat(ServerSettings.intValue(config, "server.instances"))
                .isEqualTo(cores.setScale(0, RoundingMode.CEILING).intValue());
        assertThat(ServerSettings.intValue(config, "server.threads"))
                .isGreaterThanOrEqualTo(ServerSettings.intValue(config, "server.instances"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everySelectorPicksTheDeploymentsPods(Manifest manifest) {
        manifest.assertSelectsPods(manifest.deployment().getSpec().getSelector().getMatchLabels(), "the Deployment");
        for (Service service : manifest.all(Service.class)) {
            manifest.assertSelectsPods(
                    service.getSpec().getSelector(),
                    "Service " + service.getMetadata().getName());
        }
        for (NetworkPolicy policy : manifest.all(NetworkPolicy.class)) {
            manifest.assertSelectsPods(
                    policy.getSpec().getPodSelector().getMatchLabels(),
                    "NetworkPolicy " + policy.getMetadata().getName());
        }
        for (PodDisruptionBudget budget : manifest.all(PodDisruptionBudget.class)) {
            manifest.assertSelectsPods(budget.getSpec().getSelector().getMatchLabels(), "the PodDisruptionBudget");
        }
        for (HorizontalPodAutoscaler autoscaler : manifest.all(HorizontalPodAutoscaler.class)) {
            assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(autoscaler.getSpec().getScaleTargetRef().getName())
                    .isEqualTo(manifest.deployment().getMetadata().getName());
        }
        var spread = manifest.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        spread.forEach(constraint -> manifest.assertSelectsPods(
                constraint.getLabelSelector().getMatchLabels(), "a topology spread constraint"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMapHoldsConfSwitchboardJsonWhereTheServerReadsIt(Manifest manifest) throws IOException {
        String conf = Files.readString(Kustomize.REPOSITORY.resolve(Settings.DEFAULT_FILE));
        assertThat(new JsonObject(manifest.configFile())).isEqualTo(new JsonObject(conf));

        Container container = manifest.container();
        String path = container.getWorkingDir() + "/"
                + Settings.DEFAULT_FILE.toString().replace('\\', '/');
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(manifest + " mounts nothing at " + path));
        assertThat(mount.getSubPath())
                .isEqualTo(Settings.DEFAULT_FILE.getFileName().toString());
        assertThat(volume(manifest, mount.getName()).getConfigMap().getName())
                .isEqualTo(manifest.one(ConfigMap.class).getMetadata().getName());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podRunsAsNonRootOnAReadOnlyRoot(Manifest manifest) {
        PodSpec pod = manifest.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getAutomountServiceAccountToken())
                .as("no Kubernetes API access")
                .isFalse();
        var container = manifest.container().getSecurityContext();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        VolumeMount tmp = manifest.container().getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(manifest + " mounts no /tmp"));
        assertThat(volume(manifest, tmp.getName()).getEmptyDir()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("severalPods")
    void severalPodsHaveABudgetAndAnAutoscaler(Manifest manifest) {
        assertThat(manifest.one(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        HorizontalPodAutoscaler autoscaler = manifest.one(HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThan(1);
        assertThat(autoscaler.getSpec().getMinReplicas())
                .isLessThanOrEqualTo(manifest.deployment().getSpec().getReplicas());
        assertThat(autoscaler.getSpec().getMetrics())
                .first()
                .satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
    }

    @ParameterizedTest
    @MethodSource("severalPods")
    void severalPodsShareAPostgresDatabaseFromASecret(Manifest manifest) {
        for (String variable : List.of("SWITCHBOARD_DB_URL", "SWITCHBOARD_DB_USER", "SWITCHBOARD_DB_PASSWORD")) {
            assertThat(manifest.container().getEnv())
                    .filteredOn(env -> env.getName().equals(variable))
                    .singleElement()
                    .satisfies(env -> assertThat(
                                    env.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo("switchboard-postgres"));
        }
    }

    static Volume volume(Manifest manifest, String name) {
        return manifest.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(manifest + " has no volume " + name));
    }

    static Manifest overlay(String name) {
        return RENDERED.computeIfAbsent(name, Manifest::of);
    }

    @Test
    void singlePodKeepsItsEmbeddedDatabaseOnAVolume() {
        Manifest single = overlay("single");
        JsonObject config = single.settings();
        assertThat(config.getJsonObject("layer").getString("backend")).isEqualTo("memory");
        assertThat(single.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(single.deployment().getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(single.all(HorizontalPodAutoscaler.class)).isEmpty();
        String url = config.getJsonObject("db").getString("url");
        VolumeMount data = single.container().getVolumeMounts().stream()
                .filter(mount -> url.startsWith("jdbc:h2:file:" + mount.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("db.url " + url + " is on no volume"));
        String claim = volume(single, data.getName()).getPersistentVolumeClaim().getClaimName();
        assertThat(single.named(PersistentVolumeClaim.class, claim)).isNotNull();
    }

    @Test
    void redisPodsTakeTheLayerUrlFromASecret() {
        Manifest redis = overlay("redis");
        assertThat(redis.settings().getJsonObject("layer").getString("backend")).isEqualTo("redis");
        assertThat(redis.container().getEnv())
                .filteredOn(env -> env.getName().equals("SWITCHBOARD_REDIS_URL"))
                .singleElement()
                .satisfies(
                        env -> assertThat(env.getValueFrom().getSecretKeyRef()).isNotNull());
    }
}
