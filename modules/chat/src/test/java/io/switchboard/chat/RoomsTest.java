// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void theLastOneOutRemovesTheRoom() {
        Rooms rooms = new Rooms();
        rooms.joined("lobby", rooms.group("lobby"));
        rooms.joined("lobby", rooms.group("lobby"));
        rooms.left("lobby");
        assertThat(rooms.list(List.of()).getJsonObject(0).getInteger("members")).isEqualTo(1);
        rooms.left("lobby");
        assertThat(rooms.list(List.of())).isEmpty();
        assertThat(rooms.size()).isZero();
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
