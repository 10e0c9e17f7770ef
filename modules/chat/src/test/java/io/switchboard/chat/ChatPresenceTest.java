// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who is in a room, over real sockets: a page that asks ({@code ?presence=1}) gets the room's members and then each
 * join and leave; the room list of {@code /chat/} counts the connections of every page, asking or not, from the
 * layer's presence, and goes down as they leave.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatPresenceTest extends ChatOnH2 {

    /** The next frame that holds {@code key}, skipping the others (history, messages). */
    private static JsonObject frameWith(ChatSocket socket, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonObject frame = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame.containsKey(key)) {
                return frame;
            }
        }
    }

    private static List<String> users(JsonObject presence) {
        return presence.getJsonArray("presence").stream()
                .map(member -> ((JsonObject) member).getString("user"))
                .toList();
    }

    @Test
    void aPageGetsTheMembersThenEachJoinAndLeaveAndTheRoomListCountsThem() throws Exception {
        start(new JsonObject());
        Visitor ann = server.visitor();
        assertThat(ann.signUp("ann", "correct horse battery").status()).isEqualTo(201);
        // one account is enough to tell users apart: a login costs a password hash of seconds on a busy machine
        Visitor bob = server.visitor();

        ChatSocket annTab = ann.enter("lounge", "presence=1");
        JsonObject first = frameWith(annTab, "presence");
        // her own entry is listed before anything is sent: the list holds her already, or her join follows
        if (users(first).isEmpty()) {
            assertThat(frameWith(annTab, "presence_join")
                            .getJsonObject("presence_join")
                            .getString("user"))
                    .isEqualTo("ann");
        } else {
            assertThat(users(first)).containsExactly("ann");
        }

        ChatSocket bobTab = bob.enter("lounge", "presence=1");
        assertThat(users(frameWith(bobTab, "presence"))).containsExactly("ann", "anonymous");
        JsonObject joined = frameWith(annTab, "presence_join").getJsonObject("presence_join");
        assertThat(joined.getString("user")).isEqualTo("anonymous");
        assertThat(joined.getString("id")).isNotBlank();

        // a page that does not ask is counted, and its arrival is told to those who asked
        ChatSocket quiet = server.visitor().enter("lounge");
        quiet.history();
        assertThat(frameWith(annTab, "presence_join")
                        .getJsonObject("presence_join")
                        .getString("user"))
                .isEqualTo("anonymous");
        ann.awaitMembers("lounge", 3);
        JsonObject listed = ann.rooms().stream()
                .map(JsonObject.class::cast)
                .filter(room -> room.getString("name").equals("lounge"))
                .findFirst()
                .orElseThrow();
        // two anonymous pages are one user name: members count connections, users count names
        assertThat(listed.getInteger("users")).isEqualTo(2);

        bobTab.close();
        JsonObject left = frameWith(annTab, "presence_leave").getJsonObject("presence_leave");
        assertThat(left).isEqualTo(joined);
        ann.awaitMembers("lounge", 2);
        quiet.close();
        ann.awaitMembers("lounge", 1);
        annTab.close();
        ann.awaitMembers("lounge", 0);
        assertThat(ann.rooms()).isEqualTo(new JsonArray());
    }
}
