// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static io.switchboard.testsupport.Await.failure;
import static io.switchboard.testsupport.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.ClusterOptions;
import io.switchboard.cluster.ClusterStartException;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.NodeInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting a clustered Vert.x from {@link ClusterOptions}: where it listens, and failing instead of hanging. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusteredVertxIT {

    private final TestCluster cluster = new TestCluster(2);

    @AfterEach
    void closeNodes() {
        cluster.close();
    }

    @Test
    void nodeThatCannotReachItsMembersFailsWithinTheJoinTimeout() {
        int nobody = LoopbackPorts.free();
        ClusterOptions lonely = cluster.options(0)
                .setMembers(List.of("127.0.0.1:" + nobody))
                .setMinMembers(2)
                .setJoinTimeoutSeconds(3);
        long started = System.nanoTime();
        Throwable failure = failure(ClusteredVertx.start(lonely), Duration.ofSeconds(15));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(seconds).isLessThan(8);
        assertThat(failure)
                .isInstanceOf(ClusterStartException.class)
                .hasMessageContaining("did not join cluster '" + cluster.name() + "' within 3 s")
                .hasMessageContaining("sees 1 member(s) and cluster.minMembers is 2")
                .hasMessageContaining("SWITCHBOARD_CLUSTER_MEMBERS=127.0.0.1:" + nobody);
    }

    @Test
    void nodeWhosePortIsTakenFailsWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClusterOptions options = cluster.options(0).setPort(taken.getLocalPort());
            Throwable failure = failure(ClusteredVertx.start(options), Duration.ofSeconds(20));
            assertThat(failure)
                    .isInstanceOf(ClusterStartException.class)
                    .hasMessageContaining("could not start as a member of cluster '" + cluster.name() + "'")
                    .hasMessageContaining("cluster.port " + taken.getLocalPort())
                    .hasMessageContaining("check that the ports are free");
        }
    }

    @Test
    void eventBusBindsTheHostAndAdvertisesThePublicHostAndMinMembersWaitsForTheOthers() {
        Vertx first = cluster.start(0);
        ClusterOptions second =
                cluster.options(1).setHost("0.0.0.0").setPublicHost("127.0.0.1").setMinMembers(2);
        Vertx vertx = result(ClusteredVertx.start(second), Duration.ofSeconds(20));
        try {
            NodeInfo info = ((VertxInternal) vertx).clusterManager().getNodeInfo();
            assertThat(info.host()).isEqualTo("127.0.0.1");
            assertThat(info.port()).isPositive();
            assertThat(ClusteredVertx.hazelcast(first).getCluster().getMembers())
                    .hasSize(2);
        } finally {
            result(vertx.close(), Duration.ofSeconds(15));
        }
    }
}
