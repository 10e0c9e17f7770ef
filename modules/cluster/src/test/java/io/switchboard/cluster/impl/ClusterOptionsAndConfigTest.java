// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.switchboard.cluster.ClusterOptions;
import io.switchboard.cluster.ClusterStartException;
import io.switchboard.cluster.ClusteredVertx;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ClusterOptions} and the Hazelcast files of conf/cluster/, without starting a member. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterOptionsAndConfigTest {

    @Test
    void optionsReadTheClusterSectionAndWriteItBack() {
        JsonObject section = new JsonObject()
                .put("name", "chat")
                .put("members", "127.0.0.1:5701, 127.0.0.1:5702")
                .put("port", 5702)
                .put("host", "0.0.0.0")
                .put("publicHost", "10.0.0.7")
                .put("eventBusPort", 5710)
                .put("serviceDns", "sb.chat.svc.cluster.local")
                .put("joinTimeout", 12)
                .put("minMembers", 2)
                .put("memberTimeout", 6)
                .put("hazelcastProperties", new JsonObject().put("hazelcast.partition.count", 71));
        ClusterOptions options = new ClusterOptions(section);
        assertThat(options.getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(options.getPublicHost()).isEqualTo("10.0.0.7");
        assertThat(options.getHazelcastProperties()).containsEntry("hazelcast.partition.count", "71");
        ClusterOptions again = new ClusterOptions(options.toJson());
        assertThat(again.toJson()).isEqualTo(options.toJson());
        assertThat(again.toJson().getJsonArray("members"))
                .isEqualTo(new JsonArray().add("127.0.0.1:5701").add("127.0.0.1:5702"));
        assertThat(new ClusterOptions(options).toJson()).isEqualTo(options.toJson());
    }

    @Test
    void theEnvironmentTableHasEveryClusterVariable() {
        assertThat(ClusterOptions.KEYS.variables())
                .containsExactly(
                        Map.entry("SWITCHBOARD_CLUSTER_CONFIG", "cluster.configFile"),
                        Map.entry("SWITCHBOARD_CLUSTER_NAME", "cluster.name"),
                        Map.entry("SWITCHBOARD_CLUSTER_MEMBERS", "cluster.members"),
                        Map.entry("SWITCHBOARD_CLUSTER_PORT", "cluster.port"),
                        Map.entry("SWITCHBOARD_CLUSTER_HOST", "cluster.host"),
                        Map.entry("SWITCHBOARD_CLUSTER_PUBLIC_HOST", "cluster.publicHost"),
                        Map.entry("SWITCHBOARD_CLUSTER_EVENTBUS_PORT", "cluster.eventBusPort"),
                        Map.entry("SWITCHBOARD_CLUSTER_SERVICE_DNS", "cluster.serviceDns"),
                        Map.entry("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", "cluster.joinTimeout"),
                        Map.entry("SWITCHBOARD_CLUSTER_MIN_MEMBERS", "cluster.minMembers"),
                        Map.entry("SWITCHBOARD_CLUSTER_QUORUM", "cluster.quorum"),
                        Map.entry("SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT", "cluster.memberTimeout"));
        ClusterOptions options = new ClusterOptions(ClusterOptions.KEYS.environment(Map.of(
                "SWITCHBOARD_CLUSTER_MEMBERS",
                "10.0.0.1:5701,10.0.0.2:5701",
                "SWITCHBOARD_CLUSTER_JOIN_TIMEOUT",
                "5")));
        assertThat(options.getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
        assertThat(options.getJoinTimeoutSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("joinTimeout", "soon")))
                .hasMessage("cluster.joinTimeout 'soon' is not a whole number");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("port", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster.port must be 1-65535, was 0");
        assertThatThrownBy(() -> new ClusterOptions().setMembers(List.of(" ", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cluster.members must name at least one host:port");
        assertThatThrownBy(() -> new ClusterOptions().setJoinTimeoutSeconds(0))
                .hasMessage("cluster.joinTimeout must be > 0 seconds, was 0");
        assertThatThrownBy(() -> new ClusterOptions().setMemberTimeoutSeconds(1))
                .hasMessage("cluster.memberTimeout must be >= 2 seconds, was 1");
    }

    @Test
    void theLocalFileJoinsByTcpIpOnlyWithTheOptionsValues() {
        ClusterOptions options = new ClusterOptions()
                .setName("local-test")
                .setMembers(List.of("127.0.0.1:6001", "127.0.0.1:6002"))
                .setPort(6002)
                .setMemberTimeoutSeconds(5)
                .putHazelcastProperty("hazelcast.partition.count", "23");
        Config config = HazelcastConfigs.load(options);
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(config.getClusterName()).isEqualTo("local-test");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:6001", "127.0.0.1:6002");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(6002);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(config.getProperty("hazelcast.partition.count")).isEqualTo("23");
        assertThat(config.getMultiMapConfig("__vertx.subs")
                        .getValueCollectionType()
                        .name())
                .isEqualTo("SET");
    }

    @Test
    void theKubernetesFileDiscoversMembersThroughTheHeadlessService() {
        ClusterOptions options = new ClusterOptions()
                .setConfigFile(ClusterOptions.KUBERNETES_CONFIG_FILE)
                .setServiceDns("switchboard-cluster.chat.svc.cluster.local");
        JoinConfig join = HazelcastConfigs.load(options).getNetworkConfig().getJoin();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("switchboard-cluster.chat.svc.cluster.local");
        assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    }

    @Test
    void aMissingConfigFileFailsTheStartNamingIt() {
        ClusterOptions options = new ClusterOptions().setConfigFile("conf/cluster/nope.xml");
        Throwable failure = failureOf(ClusteredVertx.start(options));
        assertThat(failure)
                .isInstanceOf(ClusterStartException.class)
                .hasMessageStartingWith("cluster.configFile 'conf/cluster/nope.xml' cannot be used: no such file");
    }

    @Test
    void aWildcardHostWithoutPublicHostFailsTheStart() {
        Throwable failure = failureOf(ClusteredVertx.start(new ClusterOptions().setHost("0.0.0.0")));
        assertThat(failure)
                .isInstanceOf(ClusterStartException.class)
                .hasMessageContaining("cluster.host '0.0.0.0'")
                .hasMessageContaining("SWITCHBOARD_CLUSTER_PUBLIC_HOST");
    }

    private static Throwable failureOf(Future<?> future) {
        assertThat(future.isComplete()).as("fails before anything starts").isTrue();
        return future.cause();
    }
}
