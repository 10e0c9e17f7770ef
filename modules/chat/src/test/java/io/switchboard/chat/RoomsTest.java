// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.Presence;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoomsTest {

    @Test
    void aRoomsConnectionsShareOneGroupName() {
        Rooms rooms = new Rooms();
        String first = rooms.group(new String("lobby"));
        rooms.joined("lobby", first);
        String second = rooms.group(new String("lobby"));
        assertThat(first).isEqualTo("chat_lobby");
        assertThat(second).isSameAs(first);
        assertThat(rooms.group("kitchen")).isEqualTo("chat_kitchen");
    }

    @Test
    void headCountsComeFromPresenceAndTheLastOneOutRemovesTheRoom() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Presence presence = ChannelLayer.memory(vertx).presence();
            Rooms rooms = new Rooms();
            rooms.joined("lobby", rooms.group("lobby"));
            rooms.joined("lobby", rooms.group("lobby"));
            presence.track("chat_lobby", "c-1", "ann", null).await(5, TimeUnit.SECONDS);
            presence.track("chat_lobby", "c-2", "ann", null).await(5, TimeUnit.SECONDS);
            presence.track("chat_stored", "c-3", "bob", null).await(5, TimeUnit.SECONDS);
            JsonObject stored =
                    new JsonObject().put("name", "stored").put("messages", 3).put("lastActivity", 1L);
            JsonArray listed = rooms.list(List.of(stored), presence).await(5, TimeUnit.SECONDS);
            assertThat(listed.getJsonObject(0).getString("name")).isEqualTo("lobby");
            assertThat(listed.getJsonObject(0).getInteger("members")).isEqualTo(2);
            assertThat(listed.getJsonObject(0).getInteger("users")).isEqualTo(1);
            assertThat(listed.getJsonObject(1).getInteger("members")).isEqualTo(1);

            presence.untrack("chat_lobby", "c-1").await(5, TimeUnit.SECONDS);
            rooms.left("lobby");
            listed = rooms.list(List.of(), presence).await(5, TimeUnit.SECONDS);
            assertThat(listed.getJsonObject(0).getInteger("members")).isEqualTo(1);
            presence.untrack("chat_lobby", "c-2").await(5, TimeUnit.SECONDS);
            rooms.left("lobby");
            assertThat(rooms.list(List.of(), presence).await(5, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(rooms.size()).isZero();
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void thirtyThousandRoomsJoinedAndLeftLeaveNoEntries() {
        Rooms rooms = new Rooms();
        for (int i = 0; i < 30_000; i++) {
            String room = "room-" + i;
            rooms.joined(room, rooms.group(room));
            rooms.active(room);
            rooms.left(room);
        }
        assertThat(rooms.size()).isZero();
    }
}
