// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static io.switchboard.testsupport.Await.failure;
import static io.switchboard.testsupport.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.multimap.MultiMap;
import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.cluster.EventBusLayer;
import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-bus layer across several Hazelcast members in this JVM, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventBusLayerClusterIT {

    private static final String ROOM = "room";
    private static final String ROOM_ADDRESS = EventBusLayer.DEFAULT_ADDRESS_PREFIX + ".group." + ROOM;

    private final TestCluster cluster = new TestCluster(4);

    private record Node(Vertx vertx, EventBusChannelLayer layer) {
        String nodeId() {
            return ((VertxInternal) vertx).clusterManager().getNodeId();
        }
    }

    @AfterEach
    void closeNodes() {
        cluster.close();
    }

    @Test
    void groupSendFromAnyNodeReachesEveryMemberOnEveryNodeAndGroupsStayIsolated() {
        List<Node> nodes = List.of(node(0), node(1), node(2));
        List<Inbox> room = new ArrayList<>();
        List<Inbox> other = new ArrayList<>();
        for (Node node : nodes) {
            for (int i = 0; i < 2; i++) {
                room.add(join(node, ROOM).inbox());
            }
            other.add(join(node, "other").inbox());
        }
        // one registration per node for the group, not one per member
        assertThat(registrations(nodes.get(0).vertx()).get(ROOM_ADDRESS)).hasSize(3);

        for (int i = 0; i < nodes.size(); i++) {
            result(nodes.get(i).layer().groupSend(ROOM, chat("from-" + i)), Duration.ofSeconds(5));
        }
        for (Inbox inbox : room) {
            result(inbox.atLeast(3), Duration.ofSeconds(5));
        }
        result(nodes.get(1).layer().groupSend("other", chat("marker")), Duration.ofSeconds(5));
        for (Inbox inbox : other) {
            result(inbox.atLeast(1), Duration.ofSeconds(5));
        }

        for (Inbox inbox : room) {
            assertThat(inbox.texts("message")).containsExactlyInAnyOrder("from-0", "from-1", "from-2");
        }
        for (Inbox inbox : other) {
            assertThat(inbox.texts("message")).containsExactly("marker");
        }
    }

    @Test
    void sendToAChannelOnAnotherNodeIsAcknowledgedAndFailsWhenItIsFull() {
        Node a = node(0);
        Vertx vertxB = cluster.start(1);
        EventBusChannelLayer b = layer(vertxB, new ChannelLayerOptions().setCapacity(2));
        String channel = result(b.newChannel(), Duration.ofSeconds(5));

        result(a.layer().send(channel, chat("one")), Duration.ofSeconds(5));
        result(a.layer().send(channel, chat("two")), Duration.ofSeconds(5));
        assertThat(failure(a.layer().send(channel, chat("three")), Duration.ofSeconds(5)))
                .isInstanceOf(ChannelFullException.class)
                .hasMessageContaining(channel)
                .hasMessageContaining("capacity 2");

        assertThat(result(b.receive(channel), Duration.ofSeconds(5)).getString("message"))
                .isEqualTo("one");
        assertThat(result(b.receive(channel), Duration.ofSeconds(5)).getString("message"))
                .isEqualTo("two");
    }

    @Test
    void messagesToAChannelNobodyReadsWaitInTheSenderAndReachAReaderThatAppearsOnAnotherNode() {
        Node a = node(0);
        Node b = node(1);
        for (int i = 0; i < 3; i++) {
            result(a.layer().send("jobs", chat("job-" + i)), Duration.ofSeconds(5));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(result(b.layer().receive("jobs"), Duration.ofSeconds(5)).getString("message"))
                    .isEqualTo("job-" + i);
        }
        result(a.layer().send("jobs", chat("job-3")), Duration.ofSeconds(5));
        assertThat(result(b.layer().receive("jobs"), Duration.ofSeconds(5)).getString("message"))
                .isEqualTo("job-3");
        assertThat(a.layer().stats().channels()).isZero();
    }

    @Test
    void killedNodeGetsNothingOnceNoticedSurvivorsKeepDeliveringLeakNothingAndANewNodeTakesPart() {
        Node a = node(0);
        Node b = node(1);
        for (Node n : List.of(a, b)) {
            result(n.layer().newChannel(), Duration.ofSeconds(5));
        }
        int baselineEntries = entriesOf(a.vertx(), Set.of(a.nodeId(), b.nodeId()));
        LayerStats baselineA = a.layer().stats();
        int baselineAddressesA = a.layer().registeredAddresses();
        int baselineAddressesB = b.layer().registeredAddresses();

        Node c = node(2);
        Member ma = join(a, ROOM);
        Member mb = join(b, ROOM);
        Member mc = join(c, ROOM);
        for (Node n : List.of(a, b, c)) {
            result(n.layer().groupSend(ROOM, chat("before")), Duration.ofSeconds(5));
        }
        for (Member m : List.of(ma, mb, mc)) {
            result(m.inbox().atLeast(3), Duration.ofSeconds(5));
        }

        // a hard kill: no graceful leave, the node's event bus even stays up
        String deadId = c.nodeId();
        ClusteredVertx.hazelcast(c.vertx()).getLifecycleService().terminate();
        awaitTrue(() -> ClusteredVertx.hazelcast(a.vertx())
                                .getCluster()
                                .getMembers()
                                .size()
                        == 2
                && ClusteredVertx.hazelcast(b.vertx()).getCluster().getMembers().size() == 2);
        awaitTrue(() -> entriesOf(a.vertx(), Set.of(deadId)) == 0);
        // the survivors' readers are told that messages from the lost member may be missing
        for (Member m : List.of(ma, mb)) {
            awaitTrue(() -> m.inbox().messages().stream().anyMatch(StreamPosition::isLossMarker));
        }
        // the survivors' routing caches follow the registration map through its entry events
        result(timer(a.vertx(), 500), Duration.ofSeconds(5));

        for (int i = 0; i < 5; i++) {
            result(a.layer().groupSend(ROOM, chat("after-a-" + i)), Duration.ofSeconds(5));
            result(b.layer().groupSend(ROOM, chat("after-b-" + i)), Duration.ofSeconds(5));
        }
        result(ma.inbox().atLeast(14), Duration.ofSeconds(5));
        result(mb.inbox().atLeast(14), Duration.ofSeconds(5));
        assertThat(mc.inbox().texts("message")).containsOnly("before");

        Node d = node(3);
        Member md = join(d, ROOM);
        // a new member is seen by others' sends once its registration has spread: send until it arrives
        awaitTrue(() -> {
            result(a.layer().groupSend(ROOM, chat("hello-d")), Duration.ofSeconds(5));
            return tryAwait(md.inbox().atLeast(1), 200);
        });
        int seenByA = ma.inbox().messages().size();
        result(d.layer().groupSend(ROOM, chat("from-d")), Duration.ofSeconds(5));
        result(ma.inbox().atLeast(seenByA + 1), Duration.ofSeconds(5));
        assertThat(ma.inbox().texts("message")).endsWith("from-d");
        result(mb.inbox().atLeast(1), Duration.ofSeconds(5));
        awaitTrue(() -> mb.inbox().texts("message").contains("from-d"));
        awaitTrue(() -> md.inbox().texts("message").contains("from-d"));

        result(ma.subscription().cancel(), Duration.ofSeconds(5));
        result(mb.subscription().cancel(), Duration.ofSeconds(5));
        LayerStats afterA = a.layer().stats();
        assertThat(afterA.subscriptions()).isEqualTo(baselineA.subscriptions());
        assertThat(afterA.groups()).isEqualTo(baselineA.groups());
        assertThat(afterA.memberships()).isEqualTo(baselineA.memberships());
        assertThat(b.layer().stats().memberships()).isZero();
        assertThat(a.layer().registeredAddresses()).isEqualTo(baselineAddressesA);
        assertThat(b.layer().registeredAddresses()).isEqualTo(baselineAddressesB);
        assertThat(entriesOf(a.vertx(), Set.of(a.nodeId(), b.nodeId()))).isEqualTo(baselineEntries);
        assertThat(entriesOf(a.vertx(), Set.of(deadId))).isZero();
    }

    @Test
    void aGroupsHistoryIsOneSequenceForTheClusterAndOutlivesTheNodeThatHeldIt() {
        ChannelLayerOptions history = new ChannelLayerOptions().putGroupHistory(ROOM + "*", 100, 600);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Vertx vertx = cluster.start(i);
            nodes.add(new Node(vertx, layer(vertx, history)));
        }
        for (int i = 0; i < 9; i++) {
            result(nodes.get(i % 3).layer().groupSend(ROOM, chat("m" + i)), Duration.ofSeconds(5));
        }
        HistoryRead all = result(
                nodes.get(0).layer().groupHistory(ROOM, new StreamPosition(0, epochOf(nodes.get(0)))),
                Duration.ofSeconds(5));
        assertThat(((HistoryRead.Recovered) all).messages())
                .extracting(m -> StreamPosition.of(m).offset())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(((HistoryRead.Recovered) all).messages())
                .extracting(m -> m.getString("message"))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");

        // a hard kill of the member that owns the group's partition: its backup takes over. Hazelcast keeps one loss
        // safe once its partitions are in sync with their backups after the joins: Hazelcast's own wait
        for (Node node : nodes) {
            assertThat(ClusteredVertx.hazelcast(node.vertx())
                            .getPartitionService()
                            .forceLocalMemberToBeSafe(20, TimeUnit.SECONDS))
                    .as("partitions in sync with their backups")
                    .isTrue();
        }
        com.hazelcast.cluster.Member owner = ClusteredVertx.hazelcast(
                        nodes.get(0).vertx())
                .getPartitionService()
                .getPartition(ROOM)
                .getOwner();
        Node dead = nodes.stream()
                .filter(n -> ClusteredVertx.hazelcast(n.vertx())
                        .getCluster()
                        .getLocalMember()
                        .getUuid()
                        .equals(owner.getUuid()))
                .findFirst()
                .orElseThrow();
        ClusteredVertx.hazelcast(dead.vertx()).getLifecycleService().terminate();
        List<Node> survivors = nodes.stream().filter(n -> n != dead).toList();
        awaitTrue(() -> ClusteredVertx.hazelcast(survivors.get(0).vertx())
                        .getCluster()
                        .getMembers()
                        .size()
                == 2);
        StreamPosition top = all.top();
        HistoryRead after = result(
                survivors.get(0).layer().groupHistory(ROOM, new StreamPosition(6, top.epoch())),
                Duration.ofSeconds(10));
        assertThat(after.top()).isEqualTo(top);
        assertThat(((HistoryRead.Recovered) after).messages())
                .extracting(m -> m.getString("message"))
                .containsExactly("m6", "m7", "m8");
        result(survivors.get(1).layer().groupSend(ROOM, chat("m9")), Duration.ofSeconds(10));
        assertThat(result(survivors.get(0).layer().groupHistory(ROOM, null), Duration.ofSeconds(5))
                        .top())
                .isEqualTo(new StreamPosition(10, top.epoch()));
    }

    private static String epochOf(Node node) {
        return result(node.layer().groupHistory(ROOM, null), Duration.ofSeconds(5))
                .top()
                .epoch();
    }

    private record Member(Subscription subscription, Inbox inbox) {}

    private Node node(int index) {
        Vertx vertx = cluster.start(index);
        return new Node(vertx, layer(vertx, new ChannelLayerOptions()));
    }

    private static EventBusChannelLayer layer(Vertx vertx, ChannelLayerOptions options) {
        return (EventBusChannelLayer) result(
                EventBusChannelLayer.create(vertx, options, EventBusLayer.DEFAULT_ADDRESS_PREFIX, 5000),
                Duration.ofSeconds(10));
    }

    private static Member join(Node node, String group) {
        Inbox inbox = new Inbox();
        String channel = result(node.layer().newChannel(), Duration.ofSeconds(5));
        Subscription subscription = result(node.layer().subscribe(channel, inbox), Duration.ofSeconds(5));
        result(node.layer().groupAdd(group, channel), Duration.ofSeconds(5));
        return new Member(subscription, inbox);
    }

    private static JsonObject chat(String text) {
        return new JsonObject().put("type", "chat.message").put("message", text);
    }

    /** The cluster's event-bus registrations by address, as one member sees them. */
    private static Map<String, List<String>> registrations(Vertx vertx) {
        MultiMap<String, HazelcastRegistrationInfo> subs =
                ClusteredVertx.hazelcast(vertx).getMultiMap("__vertx.subs");
        Map<String, List<String>> byAddress = new java.util.HashMap<>();
        subs.entrySet()
                .forEach(e -> byAddress
                        .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue().unwrap().nodeId()));
        return byAddress;
    }

    /** Registrations held by the given nodes. */
    private static int entriesOf(Vertx vertx, Set<String> nodeIds) {
        int count = 0;
        for (List<String> nodes : registrations(vertx).values()) {
            count += (int) nodes.stream().filter(nodeIds::contains).count();
        }
        return count;
    }

    private static Future<Long> timer(Vertx vertx, long millis) {
        Promise<Long> promise = Promise.promise();
        vertx.setTimer(millis, promise::complete);
        return promise.future();
    }

    private static boolean tryAwait(Future<?> future, long millis) {
        try {
            future.await(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Polls a condition every 100 ms for up to 15 s: membership changes have no event a test can await here. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within 15 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
