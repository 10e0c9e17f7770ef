// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.MessageMemo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * A text message ready to be written to any number of sockets: its UTF-8 bytes are encoded once, when first
 * written, and shared by every write. Immutable and thread-safe.
 */
public final class TextFrame {

    private final String text;
    private volatile Buffer utf8;

    private TextFrame(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    /**
     * Wraps a text message.
     *
     * @param text the message
     * @return the frame
     */
    public static TextFrame of(String text) {
        return new TextFrame(text);
    }

    /**
     * Renders a frame from a layer message once for every member of a group on this node, instead of once per
     * member. The renderer must be a pure function of the message and the same object on every call (keep it in
     * a {@code static final} field): it is the key the rendering is remembered by.
     *
     * <pre>{@code
     * private static final Function<JsonObject, String> FRAME =
     *         event -> new JsonObject().put("message", event.getString("message")).encode();
     * ...
     * on("chat.message", event -> send(TextFrame.render(event, FRAME)));
     * }</pre>
     *
     * @param message a message delivered by the layer
     * @param renderer makes the frame's text from the message
     * @return the frame, shared with the other members
     */
    public static TextFrame render(JsonObject message, Function<JsonObject, String> renderer) {
        return MessageMemo.of(message, renderer, () -> of(renderer.apply(message)));
    }

    /** @return the message text */
    public String text() {
        return text;
    }

    /** @return the message as UTF-8, encoded once; do not modify it */
    public Buffer utf8() {
        Buffer bytes = utf8;
        if (bytes == null) {
            bytes = Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
            utf8 = bytes;
        }
        return bytes;
    }

    @Override
    public String toString() {
        return text;
    }
}
