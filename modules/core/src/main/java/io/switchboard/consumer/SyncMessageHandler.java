// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.json.JsonObject;

/** Handles one type of channel-layer message in a sync consumer, on a worker thread. It may block. */
@FunctionalInterface
public interface SyncMessageHandler {

    /**
     * Handles a message.
     *
     * @param message the message, read-only: {@code copy()} it to change it
     * @throws Exception any failure, which closes the connection with 1011
     */
    void handle(JsonObject message) throws Exception;
}
