// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat's behaviour, run once in-process and once over real sockets. */
abstract class ChatScenarios {

    /** A client for a path, with an allowed origin unless {@code origin} says otherwise. */
    abstract ChatClient client(String path, String origin) throws Exception;

    /** The server's own origin, where the scenarios' pages come from. */
    static final String OWN_ORIGIN = "http://localhost";

    ChatClient client(String path) throws Exception {
        return client(path, OWN_ORIGIN);
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.await(5, TimeUnit.SECONDS);
    }

    /** Connects, and takes the history frame every accepted connection starts with. */
    static ChatClient entered(ChatClient client) throws Exception {
        assertThat(await(client.connect())).isEqualTo(101);
        JsonObject first = await(client.receive());
        assertThat(first.getJsonArray("history"))
                .as("the history frame, got %s", first)
                .isNotNull();
        return client;
    }

    /** A message frame without its id and time. */
    static JsonObject said(JsonObject frame) {
        assertThat(frame.getString("id")).isNotBlank();
        assertThat(frame.getLong("at")).isPositive();
        return new JsonObject().put("message", frame.getValue("message")).put("user", frame.getValue("user"));
    }

    @Test
    void twoClientsInOneRoomBothGetAMessageAndAThirdInAnotherRoomGetsNothing() throws Exception {
        ChatClient alice = entered(client("/ws/chat/lobby/"));
        ChatClient bob = entered(client("/ws/chat/lobby/"));
        ChatClient carol = entered(client("/ws/chat/kitchen/"));

        await(alice.send("hello"));

        JsonObject expected = new JsonObject().put("message", "hello").put("user", "anonymous");
        JsonObject received = await(alice.receive());
        assertThat(said(received)).isEqualTo(expected);
        assertThat(await(bob.receive())).isEqualTo(received);
        await(carol.receiveNothing());
    }

    @Test
    void malformedJsonGetsAnErrorAndTheConnectionKeepsServing() throws Exception {
        ChatClient alice = entered(client("/ws/chat/lobby/"));
        await(alice.sendText("{oops"));
        assertThat(await(alice.receive())).isEqualTo(new JsonObject().put("error", "invalid_json"));
        await(alice.sendText("{\"message\": \"   \"}"));
        assertThat(await(alice.receive())).isEqualTo(new JsonObject().put("error", "message_required"));
        await(alice.send("still here"));
        assertThat(await(alice.receive()).getString("message")).isEqualTo("still here");
    }

    @Test
    void anUnknownPathIsRefusedWith404AndACrossSitePageWith403() throws Exception {
        assertThat(await(client("/ws/nowhere/").connect())).isEqualTo(404);
        assertThat(await(client("/ws/chat/bad%20room/").connect())).isEqualTo(404);
        assertThat(await(client("/ws/chat/lobby/", "https://evil.example").connect()))
                .isEqualTo(403);
    }

    @Test
    void aRoomNameTooLongForAGroupIsRefusedWith403() throws Exception {
        assertThat(await(client("/ws/chat/" + "r".repeat(91) + "/").connect())).isEqualTo(403);
        entered(client("/ws/chat/" + "r".repeat(90) + "/"));
    }

    @Test
    void aClientThatLeavesNoLongerReceivesAndTheOthersCarryOn() throws Exception {
        ChatClient alice = entered(client("/ws/chat/lobby/"));
        ChatClient bob = entered(client("/ws/chat/lobby/"));
        await(bob.disconnect());
        await(alice.send("anyone?"));
        assertThat(await(alice.receive()).getString("message")).isEqualTo("anyone?");
    }

    @Test
    void theTutorialRouteRelaysExactlyTheMessageFrameWithinItsOwnRooms() throws Exception {
        ChatClient alice = client("/ws/tutorial/lobby/");
        ChatClient bob = client("/ws/tutorial/lobby/");
        assertThat(await(alice.connect())).isEqualTo(101);
        assertThat(await(bob.connect())).isEqualTo(101);
        // the chat's room of the same name is another room
        ChatClient carol = entered(client("/ws/chat/lobby/"));

        await(alice.send("hello"));
        JsonObject expected = new JsonObject().put("message", "hello");
        assertThat(await(alice.receive())).isEqualTo(expected);
        assertThat(await(bob.receive())).isEqualTo(expected);
        await(carol.send("hi"));
        assertThat(await(carol.receive()).getString("message")).isEqualTo("hi");
        await(bob.receiveNothing());
    }

    @Test
    void theTutorialRouteKeepsTheChatsOriginAndPathRules() throws Exception {
        assertThat(await(client("/ws/tutorial/bad%20room/").connect())).isEqualTo(404);
        assertThat(await(client("/ws/tutorial/lobby/", "https://evil.example").connect()))
                .isEqualTo(403);
    }
}
