// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static io.switchboard.testkit.ContractProperty.SHARED_PRESENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceCount;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.PresenceFullException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The presence half of the contract: who is in a group, their counts, and the join and leave events that go to the
 * group's events group and nowhere else. Part of {@link ChannelLayerContractTest}; extend that class, not this one.
 */
public abstract class PresenceContract extends HistoryContract {

    private static List<String> users(List<PresenceEntry> entries) {
        return entries.stream().map(PresenceEntry::user).toList();
    }

    @Test
    void trackedConnectionsAreListedOldestFirstAndCounted() {
        Presence presence = layer.presence();
        String g = group("here");
        PresenceEntry first = await(presence.track(g, "c-1", "alice", new JsonObject().put("tab", 1)));
        await(presence.track(g, "c-2", "bob", null));
        await(presence.track(g, "c-3", "alice", null));
        assertThat(first.node()).isEqualTo(presence.node());
        assertThat(first.joinedAt()).isPositive();
        List<PresenceEntry> listed = await(presence.list(g));
        assertThat(users(listed)).containsExactly("alice", "bob", "alice");
        assertThat(listed.get(0)).isEqualTo(first);
        assertThat(listed.get(0).meta().getInteger("tab")).isEqualTo(1);
        assertThat(await(presence.count(g))).isEqualTo(new PresenceCount(3, 2));
        assertThat(await(presence.count(group("nobody")))).isEqualTo(PresenceCount.NONE);
    }

    @Test
    void trackingAgainReplacesTheEntryAndUntrackRemovesIt() {
        Presence presence = layer.presence();
        String g = group("again");
        await(presence.track(g, "c-1", "alice", new JsonObject().put("typing", false)));
        await(presence.track(g, "c-1", "alice", new JsonObject().put("typing", true)));
        List<PresenceEntry> listed = await(presence.list(g));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).meta().getBoolean("typing")).isTrue();
        await(presence.untrack(g, "c-1"));
        await(presence.untrack(g, "c-1"));
        await(presence.untrack(g, "never"));
        assertThat(await(presence.list(g))).isEmpty();
    }

    @Test
    void joinAndLeaveEventsGoToTheEventsGroupAndNotToTheGroup() {
        Presence presence = layer.presence();
        String g = group("events");
        String watcher = channel("watcher");
        String member = channel("member");
        await(layer.groupAdd(Presence.eventsGroup(g), watcher));
        await(layer.groupAdd(g, member));
        Future<JsonObject> joined = layer.receive(watcher);
        PresenceEntry entry = await(presence.track(g, "c-1", "alice", null));
        JsonObject join = await(joined);
        assertThat(join.getString("type")).isEqualTo(Presence.JOIN);
        assertThat(join.getString("group")).isEqualTo(g);
        assertThat(PresenceEntry.fromJson(join.getJsonObject("entry"))).isEqualTo(entry);
        Future<JsonObject> left = layer.receive(watcher);
        await(presence.untrack(g, "c-1"));
        JsonObject leave = await(left);
        assertThat(leave.getString("type")).isEqualTo(Presence.LEAVE);
        assertThat(PresenceEntry.fromJson(leave.getJsonObject("entry"))).isEqualTo(entry);
        // the group's own members heard nothing
        Future<JsonObject> next = layer.receive(member);
        await(layer.groupSend(g, message("marker")));
        assertThat(await(next).getString("text")).isEqualTo("marker");
    }

    @Test
    void everyInstanceListsWhatAnotherTracked() {
        requires(SHARED_PRESENCE);
        ChannelLayer other = newLayer(defaultOptions());
        String g = group("shared");
        await(layer.presence().track(g, "c-1", "alice", null));
        await(other.presence().track(g, "c-1", "bob", null));
        assertThat(other.presence().node()).isNotEqualTo(layer.presence().node());
        // two instances may stamp their joins with the same millisecond: either order is oldest first
        assertThat(users(await(layer.presence().list(g)))).containsExactlyInAnyOrder("alice", "bob");
        assertThat(users(await(other.presence().list(g)))).containsExactlyInAnyOrder("alice", "bob");
        await(other.presence().untrack(g, "c-1"));
        assertThat(users(await(layer.presence().list(g)))).containsExactly("alice");
    }

    @Test
    void aFullGroupRefusesNewConnectionsButNotChangesOfListedOnes() {
        ChannelLayer small = newLayer(new ChannelLayerOptions().setPresenceMaxEntries(2));
        String g = group("full");
        await(small.presence().track(g, "c-1", "alice", null));
        await(small.presence().track(g, "c-2", "bob", null));
        assertThat(awaitFailure(small.presence().track(g, "c-3", "carol", null)))
                .isInstanceOf(PresenceFullException.class)
                .hasMessageContaining("'" + g + "'");
        await(small.presence().track(g, "c-2", "bob", new JsonObject().put("away", true)));
        await(small.presence().untrack(g, "c-1"));
        await(small.presence().track(g, "c-3", "carol", null));
        assertThat(users(await(small.presence().list(g)))).containsExactly("bob", "carol");
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        Presence presence =
                newLayer(new ChannelLayerOptions().setPresenceMaxMetaBytes(20)).presence();
        String g = group("bad");
        assertThatThrownBy(() -> presence.track("no spaces", "c-1", "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid group name");
        assertThatThrownBy(() -> presence.list("x".repeat(100))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> presence.track(g, "c-1", " ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user");
        assertThatThrownBy(() -> presence.track(g, "c-1", "alice", new JsonObject().put("bio", "x".repeat(20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("presenceMaxMeta (20)");
        await(presence.track(g, "c-1", "alice", new JsonObject().put("k", "v")));
    }

    @Test
    void flushForgetsEveryEntry() {
        String g = group("flushed");
        await(layer.presence().track(g, "c-1", "alice", null));
        await(layer.flush());
        assertThat(await(layer.presence().list(g))).isEmpty();
    }
}
