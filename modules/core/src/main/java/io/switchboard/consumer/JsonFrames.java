// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Decoding of client frames for the JSON consumers, and the error frames sent back. A bad frame is answered, not
 * fatal: the connection stays open.
 */
final class JsonFrames {

    /** Sent when a text frame is not JSON. */
    static final String INVALID_JSON = "{\"error\":\"invalid_json\"}";
    /** Sent when a text frame is JSON but not an object. */
    static final String EXPECTED_OBJECT = "{\"error\":\"expected_object\"}";
    /** Sent when a binary frame reaches a JSON consumer. */
    static final String EXPECTED_TEXT = "{\"error\":\"expected_text\"}";

    private JsonFrames() {}

    /** Returns the decoded object, or {@code null} with {@code error[0]} set to the frame to answer with. */
    static JsonObject decode(String text, String[] error) {
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            error[0] = INVALID_JSON;
            return null;
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        error[0] = EXPECTED_OBJECT;
        return null;
    }
}
