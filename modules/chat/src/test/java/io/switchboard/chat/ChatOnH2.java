// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;

/** Tests of the chat on loopback with an H2 database of their own, stopped after each test. */
abstract class ChatOnH2 {

    private H2TestDatabase database;
    ChatServer server;

    ChatServer start(JsonObject chat) throws Exception {
        database = new H2TestDatabase();
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
}
