// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A log-in outlives the process: the server stops, a new one starts on the same session store, and the browser's
 * cookie still names a logged-in user, on HTTP and on the socket. Each store (database on H2 and PostgreSQL, Redis)
 * runs these scenarios through a subclass that gives the database and the configuration.
 */
@Timeout(60)
abstract class SessionRestartScenarios {

    private TestDatabase database;
    private ChatServer server;

    /** @return the database the chat's accounts live in, for the whole test */
    abstract TestDatabase database() throws Exception;

    /** @return the configuration's other sections: the layer and the {@code session} section */
    abstract JsonObject config();

    /** @return whether the configuration keeps sessions in the database's table (else elsewhere: Redis) */
    abstract boolean inTable();

    /** @return whether the sessions are in the browsers' cookies, so that no server keeps them */
    boolean inCookie() {
        return false;
    }

    private ChatServer start() throws Exception {
        if (database == null) {
            database = database();
        }
        server = ChatServer.start(database, new JsonObject(), config());
        return server;
    }

    /** Stops the server, then starts a new one on the same database and store. */
    private ChatServer restart() throws Exception {
        server.stop();
        server = null;
        return start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            // the shared Redis keeps what a test leaves
            server.clearSessions();
            server.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aLogInOutlivesARestartOfTheServer() throws Exception {
        ChatServer first = start();
        Visitor carol = first.visitor();
        assertThat(carol.signUp("carol", "correct horse").status()).isEqualTo(201);
        String cookie = carol.sessionId();
        try (ChatSocket socket = carol.enter("lobby")) {
            socket.history();
            socket.say("before");
            assertThat(socket.message().getString("user")).isEqualTo("carol");
        }
        ChatServer second = restart();
        Visitor back = second.visitor(cookie);
        assertThat(back.me().body().getJsonObject("user").getString("username")).isEqualTo("carol");
        try (ChatSocket socket = back.enter("lobby")) {
            socket.history();
            socket.say("after");
            assertThat(socket.message().getString("user")).isEqualTo("carol");
        }
    }

    @Test
    void aLogOutBeforeTheRestartStaysALogOut() throws Exception {
        ChatServer first = start();
        Visitor dave = first.visitor();
        assertThat(dave.signUp("dave", "correct horse").status()).isEqualTo(201);
        String cookie = dave.sessionId();
        dave.logOut();
        assertThat(dave.sessionId()).as("the browser's cookie is cleared").isNull();
        ChatServer second = restart();
        Object user = second.visitor(cookie).me().body().getValue("user");
        if (inCookie()) {
            // Django's signed cookies too: a copy taken before the log-out stays valid until its time is up
            assertThat(user).isNotNull();
        } else {
            assertThat(user).isNull();
        }
        assertThat(second.storedSessions()).isZero();
    }

    @Test
    void theSessionIsKeptWhereTheConfigurationSays() throws Exception {
        ChatServer chat = start();
        assertThat(chat.visitor().signUp("erin", "correct horse").status()).isEqualTo(201);
        assertThat(chat.storedSessions()).isEqualTo(inCookie() ? 0 : 1);
        assertThat(rowsInTable()).isEqualTo(inTable() ? 1 : 0);
    }

    private int rowsInTable() throws Exception {
        try (Connection connection = database.connect();
                ResultSet count =
                        connection.createStatement().executeQuery("SELECT COUNT(*) FROM switchboard_sessions")) {
            count.next();
            return count.getInt(1);
        }
    }
}
