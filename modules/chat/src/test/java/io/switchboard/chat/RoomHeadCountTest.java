// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RoomHeadCountTest extends ChatOnH2 {

    @Test
    void headCountsGoDownAsSocketsCloseAndAnEmptyRoomLeavesTheList() throws Exception {
        start(new JsonObject());
        Visitor visitor = server.visitor();
        ChatSocket first = visitor.enter("lounge");
        ChatSocket second = visitor.enter("lounge");
        first.history();
        second.history();
        visitor.awaitMembers("lounge", 2);

        first.close();
        visitor.awaitMembers("lounge", 1);
        second.close();
        visitor.awaitMembers("lounge", 0);
        assertThat(visitor.rooms().stream().map(JsonObject.class::cast))
                .noneSatisfy(room -> assertThat(room.getString("name")).isEqualTo("lounge"));
    }

    @Test
    void aStoredRoomStaysListedWithNobodyInIt() throws Exception {
        start(new JsonObject());
        Visitor visitor = server.visitor();
        try (ChatSocket tab = visitor.enter("library")) {
            tab.history();
            tab.say("shh");
            tab.message();
            visitor.awaitStored("library", 1);
            visitor.awaitMembers("library", 1);
        }
        visitor.awaitMembers("library", 0);
        JsonObject library = visitor.rooms().getJsonObject(0);
        assertThat(library.getString("name")).isEqualTo("library");
        assertThat(library.getLong("messages")).isEqualTo(1);
    }
}
