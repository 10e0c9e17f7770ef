// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster overlay against the cluster module's settings: the pods find each other through the headless
 * Service's DNS name with the Kubernetes Hazelcast file, on the ports the policy opens to them alone.
 */
@Timeout(60)
class ClusterOverlayTest {

    private static Manifest cluster;
    private static JsonObject settings;

    @BeforeAll
    static void render() {
        cluster = ManifestsTest.overlay("cluster");
        settings = cluster.settings().getJsonObject("cluster");
    }

    @Test
    void podsRunTheEventBusLayerOnThreeReplicas() {
        assertThat(cluster.container().getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("SWITCHBOARD_LAYER");
            assertThat(env.getValue()).isEqualTo("eventbus");
        });
        assertThat(cluster.deployment().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void membersAreFoundThroughTheHeadlessServicesDnsName() throws IOException {
        Service headless = headless();
        assertThat(headless.getSpec().getPublishNotReadyAddresses())
                .as("starting pods find each other before they are ready")
                .isTrue();
        assertThat(settings.getString("serviceDns"))
                .isEqualTo(headless.getMetadata().getName() + "." + PodEnvironment.NAMESPACE + ".svc.cluster.local");
        Path file = Kustomize.REPOSITORY.resolve(settings.getString("configFile"));
        assertThat(file).as("the image's conf/ holds the Hazelcast file").exists();
        assertThat(Files.readString(file)).contains("<kubernetes enabled=\"true\">", "<service-dns>");
        assertThat(settings.getString("host")).isEqualTo("0.0.0.0");
        assertThat(settings.getString("publicHost")).isEqualTo(PodEnvironment.POD_IP);
        int hazelcast = settings.getInteger("port");
        assertThat(headless.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(hazelcast);
            assertThat(cluster.containerPort(port.getTargetPort())).isEqualTo(hazelcast);
        });
    }

    @Test
    void hazelcastAndTheEventBusAreOpenOnlyToTheSameAppsPods() {
        int hazelcast = settings.getInteger("port");
        int eventBus = settings.getInteger("eventBusPort");
        assertThat(cluster.containerPort("hazelcast")).isEqualTo(hazelcast);
        assertThat(cluster.containerPort("eventbus")).isEqualTo(eventBus);
        boolean opened = false;
        for (NetworkPolicy policy : cluster.all(NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                List<Integer> ports = rule.getPorts().stream()
                        .map(NetworkPolicyPort::getPort)
                        .map(this::number)
                        .toList();
                if (ports.contains(hazelcast) || ports.contains(eventBus)) {
                    assertThat(ports).containsExactlyInAnyOrder(hazelcast, eventBus);
                    assertThat(rule.getFrom()).isNotEmpty();
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getNamespaceSelector()).isNull();
                        cluster.assertSelectsPods(
                                peer.getPodSelector().getMatchLabels(),
                                "the peers of NetworkPolicy "
                                        + policy.getMetadata().getName());
                    }
                    opened = true;
                }
            }
        }
        assertThat(opened).as("a NetworkPolicy opens the cluster ports").isTrue();
    }

    @Test
    void dnsDiscoveryNeedsNoKubernetesApiAccess() {
        Set<String> rbac = Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        assertThat(cluster.objects()).extracting(HasMetadata::getKind).doesNotContainAnyElementsOf(rbac);
    }

    private int number(IntOrString port) {
        return cluster.containerPort(port);
    }

    private static Service headless() {
        return cluster.all(Service.class).stream()
                .filter(service -> "None".equals(service.getSpec().getClusterIP()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the cluster overlay has no headless Service"));
    }
}
