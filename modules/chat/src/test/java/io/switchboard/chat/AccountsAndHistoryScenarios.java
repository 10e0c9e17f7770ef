// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.Visitor.Answer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Accounts and history over real sockets, written once and run on H2 and on PostgreSQL. */
abstract class AccountsAndHistoryScenarios {

    private static final Duration QUIET = Duration.ofMillis(300);

    private TestDatabase database;
    private ChatServer server;

    /** A database of the test's own. */
    abstract TestDatabase newDatabase() throws Exception;

    ChatServer start(JsonObject chat) throws Exception {
        database = newDatabase();
        server = ChatServer.start(database, chat);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void signUpLogInSendAndAReloadShowsTheHistoryWithItsAuthors() throws Exception {
        start(new JsonObject());
        Visitor alice = server.visitor();
        Answer signedUp = alice.signUp("Alice", "correct horse");
        assertThat(signedUp.status()).isEqualTo(201);
        assertThat(signedUp.body().getJsonObject("user").getString("username")).isEqualTo("Alice");
        assertThat(alice.logOut().status()).isEqualTo(200);
        assertThat(alice.me().body().getValue("user")).isNull();

        String before = alice.sessionId();
        Answer loggedIn = alice.logIn("alice", "correct horse");
        assertThat(loggedIn.status()).isEqualTo(200);
        assertThat(loggedIn.body().getJsonObject("user").getString("username")).isEqualTo("Alice");
        assertThat(alice.sessionId())
                .as("a new session id at log-in")
                .isNotNull()
                .isNotEqualTo(before);
        assertThat(alice.me().body().getJsonObject("user").getString("username"))
                .isEqualTo("Alice");

        Visitor nobody = server.visitor();
        try (ChatSocket aliceTab = alice.enter("lobby");
                ChatSocket nobodyTab = nobody.enter("lobby")) {
            assertThat(aliceTab.history()).isEmpty();
            assertThat(nobodyTab.history()).isEmpty();

            aliceTab.say("hello from alice");
            JsonObject first = aliceTab.message();
            assertThat(first.getString("user")).isEqualTo("Alice");
            assertThat(nobodyTab.message()).isEqualTo(first);
            nobodyTab.say("hi from nobody");
            JsonObject second = nobodyTab.message();
            assertThat(second.getString("user")).isEqualTo("anonymous");
            assertThat(aliceTab.message()).isEqualTo(second);

            alice.awaitStored("lobby", 2);
            try (ChatSocket reloaded = alice.enter("lobby")) {
                // stored messages carry no live-history position; all else is as it was live
                assertThat(reloaded.history()).containsExactly(withoutPosition(first), withoutPosition(second));
                reloaded.nothing(QUIET);
            }
        }
        JsonObject lobby = alice.rooms().getJsonObject(0);
        assertThat(lobby.getString("name")).isEqualTo("lobby");
        assertThat(lobby.getLong("messages")).isEqualTo(2);
        assertThat(lobby.getLong("lastActivity")).isPositive();
    }

    @Test
    void withStorageOffMessagesAreLiveOnlyAndNothingIsStored() throws Exception {
        start(new JsonObject().put("store", false));
        Visitor carol = server.visitor();
        try (ChatSocket first = carol.enter("attic");
                ChatSocket second = carol.enter("attic")) {
            assertThat(first.history()).isEmpty();
            assertThat(second.history()).isEmpty();
            first.say("not kept");
            assertThat(first.message().getString("message")).isEqualTo("not kept");
            assertThat(second.message().getString("message")).isEqualTo("not kept");
        }
        try (ChatSocket later = carol.enter("attic")) {
            assertThat(later.history()).isEmpty();
            later.nothing(QUIET);
        }
        assertThat(carol.rooms().stream().map(JsonObject.class::cast))
                .allSatisfy(room -> assertThat(room.getLong("messages")).isZero());
    }

    @Test
    void anAnonymousVisitorSeesTheHistoryAndWritesAsAnonymous() throws Exception {
        start(new JsonObject());
        Visitor bob = server.visitor();
        assertThat(bob.signUp("bob", "bob's password").status()).isEqualTo(201);
        try (ChatSocket tab = bob.enter("kitchen")) {
            tab.history();
            for (int i = 1; i <= 3; i++) {
                tab.say("bob says " + i);
                tab.message();
            }
        }
        bob.awaitStored("kitchen", 3);

        Visitor anonymous = server.visitor();
        assertThat(anonymous.me().body())
                .isEqualTo(new JsonObject().putNull("user").put("requireLogin", false));
        try (ChatSocket tab = anonymous.enter("kitchen")) {
            List<JsonObject> history = tab.history();
            assertThat(history).extracting(m -> m.getString("user")).containsOnly("bob");
            assertThat(history)
                    .extracting(m -> m.getString("message"))
                    .containsExactly("bob says 1", "bob says 2", "bob says 3");
            tab.say("who is bob?");
            assertThat(tab.message().getString("user")).isEqualTo("anonymous");
        }
    }

    @Test
    void badCredentialsAndBadSignUpsGetClearErrors() throws Exception {
        start(new JsonObject());
        Visitor carol = server.visitor();
        assertThat(carol.signUp("carol", "carol's secret").status()).isEqualTo(201);
        assertThat(carol.logOut().status()).isEqualTo(200);

        Answer wrongPassword = carol.logIn("carol", "not carol's secret");
        Answer noSuchUser = carol.logIn("caroline", "carol's secret");
        JsonObject badCredentials =
                new JsonObject().put("error", "bad_credentials").put("detail", "Wrong username or password");
        assertThat(wrongPassword).isEqualTo(new Answer(401, badCredentials));
        assertThat(noSuchUser).isEqualTo(new Answer(401, badCredentials));
        assertThat(carol.me().body().getValue("user")).isNull();

        Visitor other = server.visitor();
        assertThat(other.signUp("CAROL", "another secret")).satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body().getString("error")).isEqualTo("username_taken");
            assertThat(answer.body().getString("detail")).isEqualTo("The username 'CAROL' is taken");
        });
        assertThat(other.signUp("two words", "a fine password").body().getString("error"))
                .isEqualTo("invalid_username");
        assertThat(other.signUp("Anonymous", "a fine password").body().getString("error"))
                .isEqualTo("invalid_username");
        Answer shortPassword = other.signUp("dave", "short");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().getString("error")).isEqualTo("invalid_password");
        assertThat(shortPassword.body().getString("detail")).contains("8");
        assertThat(other.post("/chat/api/login", new JsonObject().put("username", "carol"))
                        .body()
                        .getString("error"))
                .isEqualTo("bad_credentials");
        assertThat(other.me().body().getValue("user")).isNull();
    }

    @Test
    void requireLoginRefusesAnonymousWritesAndTheirTextGoesNowhere() throws Exception {
        start(new JsonObject().put("requireLogin", true));
        Visitor anonymous = server.visitor();
        assertThat(anonymous.me().body().getBoolean("requireLogin")).isTrue();
        Visitor erin = server.visitor();
        assertThat(erin.signUp("erin", "erin's password").status()).isEqualTo(201);

        try (ChatSocket anonymousTab = anonymous.enter("hall");
                ChatSocket erinTab = erin.enter("hall")) {
            anonymousTab.history();
            erinTab.history();
            anonymousTab.say("let me in");
            assertThat(anonymousTab.next()).isEqualTo(new JsonObject().put("error", "login_required"));
            erinTab.nothing(QUIET);

            erinTab.say("members only");
            assertThat(erinTab.message().getString("user")).isEqualTo("erin");
            JsonObject read = anonymousTab.message();
            assertThat(read.getString("message")).isEqualTo("members only");
        }
        erin.awaitStored("hall", 1);
        try (ChatSocket again = anonymous.enter("hall")) {
            assertThat(again.history()).extracting(m -> m.getString("message")).containsExactly("members only");
        }
    }

    @Test
    void pruningKeepsEachRoomsNewestMessagesAndDeletesOldOnesWithTheirEmptyRooms() throws Exception {
        start(new JsonObject().put("retainCount", 3).put("retainAge", 3600));
        long twoHoursAgo = System.currentTimeMillis() - 2 * 3600 * 1000;
        storeOldMessages("cellar", twoHoursAgo, 2);
        Visitor frank = server.visitor();
        try (ChatSocket tab = frank.enter("porch")) {
            tab.history();
            for (int i = 1; i <= 5; i++) {
                tab.say("porch " + i);
                tab.message();
            }
        }
        frank.awaitStored("porch", 5);
        frank.awaitStored("cellar", 2);

        assertThat(server.pruneHistory()).isEqualTo(2 + 2);

        assertThat(frank.rooms().stream().map(JsonObject.class::cast))
                .singleElement()
                .satisfies(room -> assertThat(room.getString("name")).isEqualTo("porch"))
                .satisfies(room -> assertThat(room.getLong("messages")).isEqualTo(3));
        try (ChatSocket again = frank.enter("porch")) {
            assertThat(again.history())
                    .extracting(m -> m.getString("message"))
                    .containsExactly("porch 3", "porch 4", "porch 5");
        }
        try (ChatSocket cellar = frank.enter("cellar")) {
            assertThat(cellar.history()).isEmpty();
        }
        assertThat(server.pruneHistory()).as("a second pass finds nothing").isZero();
    }

    /** Puts messages straight into the database, as a run long ago would have left them. */
    private void storeOldMessages(String room, long at, int count) throws Exception {
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC);
        MessageIds ids = new MessageIds();
        try (Connection c = database.connect()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO chat_rooms (name, message_count, last_activity) VALUES (?, ?, ?)")) {
                s.setString(1, room);
                s.setLong(2, count);
                s.setObject(3, time);
                s.executeUpdate();
            }
            for (int i = 0; i < count; i++) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO chat_messages (id, room, body, created_at) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, ids.next(at));
                    s.setString(2, room);
                    s.setString(3, "old " + i);
                    s.setObject(4, time);
                    s.executeUpdate();
                }
            }
        }
    }

    static JsonObject withoutPosition(JsonObject frame) {
        JsonObject copy = frame.copy();
        copy.remove("offset");
        copy.remove("epoch");
        return copy;
    }
}
