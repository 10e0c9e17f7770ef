// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * An async consumer that speaks JSON objects, Channels' {@code AsyncJsonWebsocketConsumer}.
 *
 * <p>Bad frames do not end the connection: a text frame that is not JSON is answered with
 * {@code {"error":"invalid_json"}}, JSON that is not an object with {@code {"error":"expected_object"}}, and a
 * binary frame with {@code {"error":"expected_text"}}; the frame is dropped and the connection keeps serving.
 */
public abstract class JsonWebSocketConsumer extends WebSocketConsumer {

    /** Creates the consumer; register layer message handlers here. */
    protected JsonWebSocketConsumer() {}

    /**
     * A JSON object arrived from the client.
     *
     * @param content the decoded object
     * @return a future completed when handled; by default nothing happens
     */
    protected Future<Void> receiveJson(JsonObject content) {
        return Future.succeededFuture();
    }

    /**
     * Sends a JSON object as a text frame.
     *
     * @param content the object
     * @return a future completed once queued for the socket (never held for a slow client); it fails with
     *     {@link IllegalStateException} before accept or once the connection is closed
     */
    protected final Future<Void> sendJson(JsonObject content) {
        return send(content.encode());
    }

    @Override
    protected final Future<Void> receive(String text) {
        String[] error = new String[1];
        JsonObject content = JsonFrames.decode(text, error);
        return content != null ? receiveJson(content) : send(error[0]);
    }

    @Override
    protected final Future<Void> receiveBinary(Buffer data) {
        return send(JsonFrames.EXPECTED_TEXT);
    }
}
