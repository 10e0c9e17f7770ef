// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Handles one type of channel-layer message in an async consumer, on the connection's event loop. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles a message. It must not block.
     *
     * @param message the message, read-only: {@code copy()} it to change it
     * @return a future completed when the consumer may take the next event
     */
    Future<Void> handle(JsonObject message);
}
