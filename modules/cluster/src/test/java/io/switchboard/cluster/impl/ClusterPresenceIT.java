// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static io.switchboard.testsupport.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.ClusteredVertx;
import io.switchboard.cluster.EventBusLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceCount;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Presence on the event-bus layer across Hazelcast members in this JVM: every node lists every node's entries, and
 * a node that dies takes its entries with it within seconds, each announced once as a leave.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterPresenceIT {

    private static final String ROOM = "room";

    private final TestCluster cluster = new TestCluster(3);

    private record Node(Vertx vertx, EventBusChannelLayer layer) {}

    @AfterEach
    void closeNodes() {
        cluster.close();
    }

    private Node node(int index) {
        Vertx vertx = cluster.start(index);
        EventBusChannelLayer layer = (EventBusChannelLayer) result(
                EventBusChannelLayer.create(
                        vertx, new ChannelLayerOptions(), EventBusLayer.DEFAULT_ADDRESS_PREFIX, 5000),
                Duration.ofSeconds(10));
        return new Node(vertx, layer);
    }

    private static List<String> users(Node node) {
        return result(node.layer().presence().list(ROOM), Duration.ofSeconds(5)).stream()
                .map(PresenceEntry::user)
                .toList();
    }

    @Test
    void aKilledNodesEntriesLeaveWithinSecondsEachAnnouncedOnce() {
        List<Node> nodes = List.of(node(0), node(1), node(2));
        Inbox events = new Inbox();
        String watcher = result(nodes.get(0).layer().newChannel(), Duration.ofSeconds(5));
        // the loss marker every reader gets when a member dies is not a presence event
        result(
                nodes.get(0).layer().subscribe(watcher, message -> {
                    if (!StreamPosition.isLossMarker(message)) {
                        events.handle(message);
                    }
                }),
                Duration.ofSeconds(5));
        result(nodes.get(0).layer().groupAdd(Presence.eventsGroup(ROOM), watcher), Duration.ofSeconds(5));
        for (int i = 0; i < nodes.size(); i++) {
            Presence presence = nodes.get(i).layer().presence();
            result(presence.track(ROOM, "c-1", "user" + i, null), Duration.ofSeconds(5));
            result(presence.track(ROOM, "c-2", "user" + i, new JsonObject().put("tab", 2)), Duration.ofSeconds(5));
        }
        result(events.atLeast(6), Duration.ofSeconds(5));
        for (Node node : nodes) {
            assertThat(users(node)).containsExactly("user0", "user0", "user1", "user1", "user2", "user2");
        }
        assertThat(result(nodes.get(1).layer().presence().count(ROOM), Duration.ofSeconds(5)))
                .isEqualTo(new PresenceCount(6, 3));

        // Hazelcast keeps one loss safe once its partitions are in sync with their backups: its own wait
        for (Node node : nodes) {
            assertThat(ClusteredVertx.hazelcast(node.vertx())
                            .getPartitionService()
                            .forceLocalMemberToBeSafe(20, TimeUnit.SECONDS))
                    .as("partitions in sync with their backups")
                    .isTrue();
        }
        long killed = System.nanoTime();
        ClusteredVertx.hazelcast(nodes.get(2).vertx()).getLifecycleService().terminate();
        List<JsonObject> all = result(events.atLeast(8), Duration.ofSeconds(15));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        List<JsonObject> leaves = all.subList(6, 8);
        assertThat(leaves).allSatisfy(leave -> {
            assertThat(leave.getString("type")).isEqualTo(Presence.LEAVE);
            assertThat(leave.getJsonObject("entry").getString("user")).isEqualTo("user2");
        });
        assertThat(users(nodes.get(0))).containsExactly("user0", "user0", "user1", "user1");
        assertThat(users(nodes.get(1))).containsExactly("user0", "user0", "user1", "user1");
        assertThat(millis).as("entries of a dead node gone in seconds").isLessThan(10_000);
        System.out.println("presence: a killed node's entries left in " + millis + " ms");

        // announced once: another member's drop found nothing left to announce
        result(nodes.get(1).layer().presence().track(ROOM, "c-3", "marker", null), Duration.ofSeconds(5));
        List<JsonObject> after = result(events.atLeast(9), Duration.ofSeconds(5));
        assertThat(after.get(8).getJsonObject("entry").getString("user")).isEqualTo("marker");
        assertThat(after).hasSize(9);
    }

    @Test
    void aClosedLayerTakesItsEntriesWithIt() {
        List<Node> nodes = new ArrayList<>(List.of(node(0), node(1)));
        result(nodes.get(0).layer().presence().track(ROOM, "c-1", "stays", null), Duration.ofSeconds(5));
        result(nodes.get(1).layer().presence().track(ROOM, "c-1", "goes", null), Duration.ofSeconds(5));
        assertThat(users(nodes.get(0))).containsExactly("stays", "goes");
        result(nodes.get(1).layer().close(), Duration.ofSeconds(10));
        assertThat(users(nodes.get(0))).containsExactly("stays");
    }
}
