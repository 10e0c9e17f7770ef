// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A sync consumer that speaks JSON objects, Channels' {@code JsonWebsocketConsumer}. Bad frames are answered as
 * in {@link JsonWebSocketConsumer} and the connection keeps serving.
 */
public abstract class SyncJsonWebSocketConsumer extends SyncWebSocketConsumer {

    /** Creates the consumer; register layer message handlers here. */
    protected SyncJsonWebSocketConsumer() {}

    /**
     * A JSON object arrived from the client.
     *
     * @param content the decoded object
     * @throws Exception any failure, which closes the connection with 1011
     */
    protected void receiveJson(JsonObject content) throws Exception {}

    /**
     * Sends a JSON object as a text frame.
     *
     * @param content the object
     */
    protected final void sendJson(JsonObject content) {
        send(content.encode());
    }

    @Override
    protected final void receive(String text) throws Exception {
        String[] error = new String[1];
        JsonObject content = JsonFrames.decode(text, error);
        if (content != null) {
            receiveJson(content);
        } else {
            send(error[0]);
        }
    }

    @Override
    protected final void receiveBinary(Buffer data) {
        send(JsonFrames.EXPECTED_TEXT);
    }
}
