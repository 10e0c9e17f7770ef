// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer's handlers by message type, with Channels' naming rule: {@code chat.message} and
 * {@code chat_message} name the same handler. Written to during construction, read on the event loop.
 *
 * @param <H> the handler type
 */
final class MessageHandlers<H> {

    private final Map<String, H> byName = new HashMap<>();
    /** The types as registered, so that the usual lookup, by the very spelling, builds no handler name. */
    private final Map<String, H> byType = new HashMap<>();

    private final Class<?> consumerClass;

    MessageHandlers(Class<?> consumerClass) {
        this.consumerClass = consumerClass;
    }

    void register(String type, H handler) {
        Objects.requireNonNull(handler, "handler");
        String name = handlerName(type);
        if (byName.putIfAbsent(name, handler) != null) {
            throw new IllegalStateException("Handler for message type '" + type + "' registered twice on "
                    + consumerClass.getSimpleName() + "; register each type once");
        }
        byType.put(type, handler);
    }

    H find(JsonObject message) {
        Object type = message.getValue("type");
        if (!(type instanceof String typeName)) {
            throw new NoHandlerException("Message without a string 'type' sent to " + consumerClass.getSimpleName()
                    + "; every layer message needs one, for example {\"type\": \"chat.message\"}");
        }
        H handler = byType.get(typeName);
        if (handler == null) {
            handler = byName.get(handlerName(typeName));
        }
        if (handler == null) {
            throw new NoHandlerException("No handler for message type '" + typeName + "' on "
                    + consumerClass.getSimpleName() + "; register one with on(\"" + typeName + "\", ...)");
        }
        return handler;
    }

    private String handlerName(String type) {
        Objects.requireNonNull(type, "type");
        String name = type.replace('.', '_');
        if (name.isEmpty() || name.startsWith("_")) {
            throw new NoHandlerException("Malformed message type '" + type + "' for " + consumerClass.getSimpleName()
                    + ": it must not be empty or start with '.' or '_'");
        }
        return name;
    }
}
