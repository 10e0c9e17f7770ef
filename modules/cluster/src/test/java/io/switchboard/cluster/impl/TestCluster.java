// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static io.switchboard.testsupport.Await.result;

import io.switchboard.cluster.ClusterOptions;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hazelcast members in this JVM on loopback, each with its own port, in a cluster of their own name; short
 * timeouts so that joins and deaths are noticed in seconds. Close it in {@code @AfterEach}.
 */
final class TestCluster implements AutoCloseable {

    /** Seconds without a heartbeat before a member counts as dead. */
    static final int MEMBER_TIMEOUT = 3;

    private final String name = "sb-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Integer> ports;
    private final List<Vertx> started = new CopyOnWriteArrayList<>();

    /** Reserves ports for up to {@code size} members; the seed list names them all. */
    TestCluster(int size) {
        ports = LoopbackPorts.free(size);
    }

    String name() {
        return name;
    }

    List<String> members() {
        List<String> members = new ArrayList<>();
        ports.forEach(p -> members.add("127.0.0.1:" + p));
        return members;
    }

    /** Options of member {@code index}. */
    ClusterOptions options(int index) {
        return new ClusterOptions()
                .setName(name)
                .setMembers(members())
                .setPort(ports.get(index))
                .setHost("127.0.0.1")
                .setJoinTimeoutSeconds(20)
                .setMemberTimeoutSeconds(MEMBER_TIMEOUT)
                .putHazelcastProperty("hazelcast.heartbeat.interval.seconds", "1")
                .putHazelcastProperty("hazelcast.wait.seconds.before.join", "0")
                .putHazelcastProperty("hazelcast.graceful.shutdown.max.wait", "5")
                .putHazelcastProperty("hazelcast.partition.count", "23");
    }

    /** Starts member {@code index} and waits for it to be in the cluster. */
    Vertx start(int index) {
        Vertx vertx = result(ClusteredVertx.start(options(index)), Duration.ofSeconds(30));
        started.add(vertx);
        return vertx;
    }

    /** Closes every member still running; members whose Hazelcast was terminated close what is left. */
    @Override
    public void close() {
        for (Vertx vertx : started) {
            try {
                result(vertx.close(), Duration.ofSeconds(15));
            } catch (Exception e) {
                // a terminated member may fail to leave: its Vert.x is closed anyway
            }
        }
        started.clear();
    }
}
