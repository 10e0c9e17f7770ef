// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTest {

    @Test
    void eventsGroupsAreValidAndLongNamesStayApart() {
        assertThat(Presence.eventsGroup("chat_lobby")).isEqualTo("presence.chat_lobby");
        String a = "a".repeat(98) + "1";
        String b = "a".repeat(98) + "2";
        assertThat(Presence.eventsGroup(a)).isNotEqualTo(Presence.eventsGroup(b));
        assertThat(ChannelNames.isValidGroup(Presence.eventsGroup(a))).isTrue();
        assertThat(Presence.eventsGroup(a)).startsWith("presence.aaaa").isEqualTo(Presence.eventsGroup(a));
        assertThatThrownBy(() -> Presence.eventsGroup("no spaces")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesRoundTripThroughJsonAndCountConnectionsAndUsers() {
        PresenceEntry entry = new PresenceEntry("ann", "c-1", "node-1", 42, new JsonObject().put("tab", 1));
        assertThat(PresenceEntry.fromJson(entry.toJson())).isEqualTo(entry);
        assertThat(entry.key()).isEqualTo("node-1/c-1");
        assertThatThrownBy(() -> PresenceEntry.fromJson(new JsonObject().put("user", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        PresenceEntry again = new PresenceEntry("ann", "c-2", "node-1", 43, null);
        PresenceEntry bob = new PresenceEntry("bob", "c-1", "node-2", 44, null);
        assertThat(PresenceCount.of(List.of(entry, again, bob))).isEqualTo(new PresenceCount(3, 2));
        assertThat(PresenceCount.of(List.of())).isEqualTo(PresenceCount.NONE);
    }
}
