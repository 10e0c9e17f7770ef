// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** One chat participant, over a real socket or in-process: the scenarios are written once for both. */
interface ChatClient {

    /** @return 101 when accepted, else the HTTP status of the refusal */
    Future<Integer> connect();

    Future<Void> sendText(String text);

    default Future<Void> send(String message) {
        return sendText(new JsonObject().put("message", message).encode());
    }

    Future<JsonObject> receive();

    Future<Void> receiveNothing();

    Future<Void> disconnect();
}
