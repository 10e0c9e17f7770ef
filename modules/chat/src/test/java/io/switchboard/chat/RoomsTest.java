// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomsTest {

    @Test
    void aRoomsConnectionsShareOneGroupName() {
        Rooms rooms = new Rooms();
        String first = rooms.group(new String("lobby"));
        String second = rooms.group(new String("lobby"));
        assertThat(first).isEqualTo("chat_lobby");
        assertThat(second).isSameAs(first);
        assertThat(rooms.group("kitchen")).isEqualTo("chat_kitchen");
    }
}
