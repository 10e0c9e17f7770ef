// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.switchboard.chat.ChatApplication;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Chat servers in this JVM, each on its own clustered Vert.x made by {@link Switchboard#vertx} from the same
 * configuration a process would read ({@code layer.backend} {@code eventbus} and a {@code cluster} section), all
 * on loopback on free ports, in a cluster named for the test. Close it in {@code @AfterEach}.
 */
final class ChatNodes implements AutoCloseable {

    /** Seconds without a heartbeat before a member counts as dead. */
    static final int MEMBER_TIMEOUT = 3;

    private final String name = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Integer> clusterPorts;
    private final Map<Integer, RunningServer> running = new ConcurrentHashMap<>();
    private final JsonObject chat;

    /** Reserves Hazelcast ports for up to {@code size} nodes; every node lists them all as members. */
    ChatNodes(int size) {
        this(size, new JsonObject());
    }

    /** Reserves ports as {@link #ChatNodes(int)} does; every node gets this {@code chat} section. */
    ChatNodes(int size, JsonObject chat) {
        clusterPorts = LoopbackPorts.free(size);
        this.chat = chat.copy();
    }

    JsonObject config(int index) {
        JsonArray members = new JsonArray();
        clusterPorts.forEach(p -> members.add("127.0.0.1:" + p));
        return new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put("layer", new JsonObject().put("backend", "eventbus"))
                // one database for the whole cluster, as nodes in production share theirs; in memory, of this test
                .put("db", new JsonObject().put("url", "jdbc:h2:mem:" + name))
                .put("chat", chat.copy())
                .put(
                        "cluster",
                        new JsonObject()
                                .put("name", name)
                                .put("members", members)
                                .put("port", clusterPorts.get(index))
                                .put("host", "127.0.0.1")
                                .put("joinTimeout", 20)
                                .put("memberTimeout", MEMBER_TIMEOUT)
                                .put(
                                        "hazelcastProperties",
                                        new JsonObject()
                                                .put("hazelcast.heartbeat.interval.seconds", "1")
                                                .put("hazelcast.wait.seconds.before.join", "0")
                                                .put("hazelcast.graceful.shutdown.max.wait", "5")
                                                .put("hazelcast.partition.count", "23")));
    }

    /** Starts node {@code index}: joins the cluster, then runs the chat on a free port. */
    RunningServer start(int index) throws Exception {
        JsonObject config = config(index).put("management", new JsonObject().put("port", 0));
        Vertx vertx = Switchboard.vertx(config).await(30, TimeUnit.SECONDS);
        try {
            RunningServer server =
                    Switchboard.start(vertx, new ChatApplication(), config).await(15, TimeUnit.SECONDS);
            running.put(index, server);
            return server;
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    RunningServer node(int index) {
        return running.get(index);
    }

    /** Hard kill: node {@code index}'s Hazelcast member stops at once, without leaving the cluster. */
    void kill(int index) {
        ClusteredVertx.hazelcast(running.get(index).app().vertx())
                .getLifecycleService()
                .terminate();
    }

    /**
     * Waits until every running node's partitions are in sync with their backups, through Hazelcast's own wait
     * ({@code forceLocalMemberToBeSafe}): from then on the cluster keeps its data through the loss of one node.
     */
    void awaitSafe() throws InterruptedException {
        for (RunningServer server : running.values()) {
            boolean safe = ClusteredVertx.hazelcast(server.app().vertx())
                    .getPartitionService()
                    .forceLocalMemberToBeSafe(20, TimeUnit.SECONDS);
            if (!safe) {
                throw new AssertionError("a node's partitions were not in sync with their backups within 20 s");
            }
        }
    }

    /** @return the cluster's members as node {@code index} sees them */
    int members(int index) {
        return ClusteredVertx.hazelcast(running.get(index).app().vertx())
                .getCluster()
                .getMembers()
                .size();
    }

    /** Completes once node {@code index} sees {@code count} members in its cluster. */
    CompletableFuture<Void> whenMembers(int index, int count) {
        Cluster cluster =
                ClusteredVertx.hazelcast(running.get(index).app().vertx()).getCluster();
        CompletableFuture<Void> seen = new CompletableFuture<>();
        UUID listener = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                check();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                check();
            }

            private void check() {
                if (cluster.getMembers().size() == count) {
                    seen.complete(null);
                }
            }
        });
        if (cluster.getMembers().size() == count) {
            seen.complete(null);
        }
        seen.whenComplete((v, err) -> cluster.removeMembershipListener(listener));
        return seen;
    }

    /** Stops every node; a killed node's stop may fail, its Vert.x is closed anyway. */
    @Override
    public void close() {
        running.values().forEach(server -> {
            try {
                server.close().await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a killed member cannot leave: the rest of its node is closed all the same
            }
        });
        running.clear();
    }
}
