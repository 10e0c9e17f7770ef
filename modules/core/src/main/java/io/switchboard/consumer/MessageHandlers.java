// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Objects;

/**
 * A consumer's handlers by message type, with Channels' naming rule: {@code chat.message} and
 * {@code chat_message} name the same handler. Written to during construction, read on the event loop.
 *
 * @param <H> the handler type
 */
final class MessageHandlers<H> {

    /**
     * Type as registered, its handler name, its handler: in a row each. A consumer has a handful of handlers and
     * there is one consumer per connection, so a scan of small arrays beats two hash maps on speed and memory.
     */
    private String[] types = {};

    private String[] names = {};
    private Object[] handlers = {};
    private final Class<?> consumerClass;

    MessageHandlers(Class<?> consumerClass) {
        this.consumerClass = consumerClass;
    }

    void register(String type, H handler) {
        Objects.requireNonNull(handler, "handler");
        // every consumer of a class registers the same few types: one name string each, not one per connection
        String name = handlerName(type).intern();
        if (indexOf(names, name) >= 0) {
            throw new IllegalStateException("Handler for message type '" + type + "' registered twice on "
                    + consumerClass.getSimpleName() + "; register each type once");
        }
        int n = types.length;
        types = Arrays.copyOf(types, n + 1);
        names = Arrays.copyOf(names, n + 1);
        handlers = Arrays.copyOf(handlers, n + 1);
        types[n] = type;
        names[n] = name;
        handlers[n] = handler;
    }

    @SuppressWarnings("unchecked")
    H find(JsonObject message) {
        Object type = message.getValue("type");
        if (!(type instanceof String typeName)) {
            throw new NoHandlerException("Message without a string 'type' sent to " + consumerClass.getSimpleName()
                    + "; every layer message needs one, for example {\"type\": \"chat.message\"}");
        }
        // the usual message spells its type as the handler was registered: no handler name to build
        int i = indexOf(types, typeName);
        if (i < 0) {
            i = indexOf(names, handlerName(typeName));
        }
        if (i < 0) {
            throw new NoHandlerException("No handler for message type '" + typeName + "' on "
                    + consumerClass.getSimpleName() + "; register one with on(\"" + typeName + "\", ...)");
        }
        return (H) handlers[i];
    }

    private static int indexOf(String[] keys, String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
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
