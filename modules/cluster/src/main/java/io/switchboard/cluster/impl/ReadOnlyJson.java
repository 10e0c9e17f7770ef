// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.spi.SharedMessageMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.impl.JsonUtil;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only JSON snapshots: one snapshot of a message is shared by every local delivery, so nobody may change it.
 * Binary values and instants are held as the text JSON carries them, so a local delivery reads exactly as one
 * that crossed the wire.
 * Writes through the returned {@link JsonObject} (or a nested object or array read from it) throw
 * {@link UnsupportedOperationException}; {@link JsonObject#copy()} gives a writable copy.
 */
final class ReadOnlyJson {

    private ReadOnlyJson() {}

    /**
     * Takes a deep, read-only copy of a caller's message, so the caller may reuse its object.
     *
     * @param message the caller's message
     * @return the snapshot
     * @throws IllegalArgumentException if a value is not a JSON value
     */
    static JsonObject snapshot(JsonObject message) {
        return new JsonObject(new SharedMessageMap(copyMap(message.getMap())));
    }

    /**
     * Decodes JSON bytes into a read-only object: the freshly parsed tree is wrapped, not copied.
     *
     * @param json UTF-8 JSON text of an object
     * @return the read-only object
     */
    static JsonObject decode(Buffer json) {
        return new JsonObject(new SharedMessageMap(freezeMap(new JsonObject(json).getMap())));
    }

    private static Map<String, Object> copyMap(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, Object> e : map.entrySet()) {
            copy.put(e.getKey(), copyValue(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<Object> copyList(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object v : list) {
            copy.add(copyValue(v));
        }
        return Collections.unmodifiableList(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        } else if (v instanceof JsonObject o) {
            return copyMap(o.getMap());
        } else if (v instanceof Map<?, ?> m) {
            return copyMap((Map<String, Object>) m);
        } else if (v instanceof JsonArray a) {
            return copyList(a.getList());
        } else if (v instanceof List<?> l) {
            return copyList(l);
        } else if (v instanceof byte[] bytes) {
            // as on the wire: base64 text, which getBinary and getBuffer decode into a fresh array every time
            return JsonUtil.BASE64_ENCODER.encodeToString(bytes);
        } else if (v instanceof Buffer b) {
            return JsonUtil.BASE64_ENCODER.encodeToString(b.getBytes());
        } else if (v instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            return v.toString();
        }
        throw new IllegalArgumentException(
                "Message value of type " + v.getClass().getName()
                        + " is not a JSON value; use strings, numbers, booleans, null, binary, objects or arrays");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freezeMap(Map<String, Object> map) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                e.setValue(freezeMap((Map<String, Object>) m));
            } else if (v instanceof List<?> l) {
                e.setValue(freezeList((List<Object>) l));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> freezeList(List<Object> list) {
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v instanceof Map<?, ?> m) {
                list.set(i, freezeMap((Map<String, Object>) m));
            } else if (v instanceof List<?> l) {
                list.set(i, freezeList((List<Object>) l));
            }
        }
        return Collections.unmodifiableList(list);
    }
}
