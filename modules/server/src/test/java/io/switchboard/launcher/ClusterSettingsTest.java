// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.ClusterOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterSettingsTest {

    @Test
    void everyClusterVariableSetsItsClusterOption() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("SWITCHBOARD_LAYER", "eventbus"),
                Map.entry("SWITCHBOARD_CLUSTER_CONFIG", "conf/cluster/hazelcast-kubernetes.xml"),
                Map.entry("SWITCHBOARD_CLUSTER_NAME", "chat-prod"),
                Map.entry("SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:5701, 127.0.0.1:5702"),
                Map.entry("SWITCHBOARD_CLUSTER_PORT", "5702"),
                Map.entry("SWITCHBOARD_CLUSTER_HOST", "0.0.0.0"),
                Map.entry("SWITCHBOARD_CLUSTER_PUBLIC_HOST", "10.1.2.3"),
                Map.entry("SWITCHBOARD_CLUSTER_EVENTBUS_PORT", "5710"),
                Map.entry("SWITCHBOARD_CLUSTER_SERVICE_DNS", "switchboard-cluster.chat.svc.cluster.local"),
                Map.entry("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", "12"),
                Map.entry("SWITCHBOARD_CLUSTER_MIN_MEMBERS", "2"),
                Map.entry("SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT", "4"),
                Map.entry("SWITCHBOARD_CLUSTER_QUORUM", "2"));
        JsonObject config = Settings.load(env, new JsonObject());

        assertThat(Clustering.clustered(config)).isTrue();
        ClusterOptions options = Clustering.options(config);
        assertThat(options.getConfigFile()).isEqualTo("conf/cluster/hazelcast-kubernetes.xml");
        assertThat(options.getName()).isEqualTo("chat-prod");
        assertThat(options.getMembers()).isEqualTo(List.of("127.0.0.1:5701", "127.0.0.1:5702"));
        assertThat(options.getPort()).isEqualTo(5702);
        assertThat(options.getHost()).isEqualTo("0.0.0.0");
        assertThat(options.getPublicHost()).isEqualTo("10.1.2.3");
        assertThat(options.getEventBusPort()).isEqualTo(5710);
        assertThat(options.getServiceDns()).isEqualTo("switchboard-cluster.chat.svc.cluster.local");
        assertThat(options.getJoinTimeoutSeconds()).isEqualTo(12);
        assertThat(options.getMinMembers()).isEqualTo(2);
        assertThat(options.getMemberTimeoutSeconds()).isEqualTo(4);
        assertThat(options.getQuorum()).isEqualTo(2);
        assertThat(Clustering.startLimitSeconds(config)).isEqualTo(42);
    }

    @Test
    void theSettingsTableListsEveryClusterVariable() throws Exception {
        assertThat(SettingsTest.variablesInTheSettingsTable("SWITCHBOARD_CLUSTER_"))
                .hasSize(12);
    }

    @Test
    void theLauncherLeavesTheClusterItselfSoHazelcastsShutdownHookIsOffUnlessConfigured() {
        JsonObject config = new JsonObject().put("layer", new JsonObject().put("backend", "eventbus"));
        assertThat(Clustering.options(config).getHazelcastProperties())
                .containsEntry("hazelcast.shutdownhook.enabled", "false");
        config.put(
                "cluster",
                new JsonObject()
                        .put("hazelcastProperties", new JsonObject().put("hazelcast.shutdownhook.enabled", "true")));
        assertThat(Clustering.options(config).getHazelcastProperties())
                .containsEntry("hazelcast.shutdownhook.enabled", "true");
    }

    @Test
    void onlyTheEventbusLayerMakesAClusteredVertx() throws Exception {
        for (String backend : List.of("memory", "redis")) {
            JsonObject config = new JsonObject().put("layer", new JsonObject().put("backend", backend));
            assertThat(Clustering.clustered(config)).isFalse();
            Vertx vertx = Switchboard.vertx(config).await(5, TimeUnit.SECONDS);
            try {
                assertThat(vertx.isClustered()).isFalse();
            } finally {
                vertx.close().await(5, TimeUnit.SECONDS);
            }
        }
        assertThat(Clustering.clustered(new JsonObject())).isFalse();
    }

    @Test
    void aBadClusterValueFailsTheStartNamingTheKeyBeforeAnyJoin() {
        JsonObject config = new JsonObject()
                .put("layer", new JsonObject().put("backend", "eventbus"))
                .put("cluster", new JsonObject().put("port", 0));
        Future<Vertx> started = Switchboard.vertx(config);
        assertThat(started.failed()).isTrue();
        assertThat(started.cause())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("cluster.port must be 1-65535, was 0");
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CLUSTER_PORT", "57o1"), new JsonObject()))
                .hasMessage("SWITCHBOARD_CLUSTER_PORT '57o1' is not a whole number (it sets cluster.port)");
    }
}
