// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.MessageMemo;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Deep-frozen copies of messages. A frozen message can be handed to handlers on any number of threads at once:
 * nested objects and arrays are unmodifiable maps and lists (a write throws {@link UnsupportedOperationException}),
 * and byte arrays and buffers are copied again on every read, so no reader can change what another reads.
 * {@link JsonObject#copy()} of a frozen message gives an ordinary mutable one (key order is not kept).
 * The kernel's shared message: backends hand one frozen message to every local member of a group.
 */
public final class FrozenJson {

    private FrozenJson() {}

    /**
     * Makes a frozen deep copy of a message; a message that is already frozen is returned as is.
     *
     * @throws IllegalArgumentException if a value is not a JSON value, bytes or a buffer
     */
    public static JsonObject freeze(JsonObject message) {
        Map<String, Object> map = message.getMap();
        return map instanceof FrozenMap ? message : new JsonObject(freezeMap(map));
    }

    /**
     * Decodes JSON text into a frozen message, as a backend does once per process with a message from elsewhere.
     *
     * @param json UTF-8 JSON text of an object
     * @return the frozen message
     */
    public static JsonObject decode(Buffer json) {
        return new JsonObject(freezeMap(new JsonObject(json).getMap()));
    }

    private static Object freezeValue(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Instant
                || value instanceof Enum
                || value instanceof FrozenMap
                || value instanceof FrozenList) {
            return value;
        } else if (value instanceof CharSequence) {
            return value.toString();
        } else if (value instanceof JsonObject json) {
            return freezeMap(json.getMap());
        } else if (value instanceof JsonArray json) {
            return freezeList(json.getList());
        } else if (value instanceof Map<?, ?> map) {
            return freezeMap(map);
        } else if (value instanceof List<?> list) {
            return freezeList(list);
        } else if (value instanceof byte[] bytes) {
            return bytes.clone();
        } else if (value instanceof Buffer buffer) {
            return buffer.copy();
        } else if (value instanceof Shareable shareable) {
            return shareable.copy();
        }
        throw new IllegalArgumentException(
                "A message value of type " + value.getClass().getName()
                        + " cannot be sent; use strings, numbers, booleans, null, JsonObject, JsonArray, byte[] or Buffer");
    }

    /**
     * Stamps a position into a frozen copy of a message, as {@code freeze(position.stamp(group, message))} does but
     * in one copy rather than two: a group that keeps a history does it for every message.
     *
     * @param position the message's position in the group's history
     * @param group the group
     * @param message the message as sent
     * @return the frozen, stamped message
     */
    public static JsonObject stamped(StreamPosition position, String group, JsonObject message) {
        Map<String, Object> map = message.getMap();
        Map<String, Object> copy = copyOf(map, 1);
        Map<String, Object> stamp = new LinkedHashMap<>(4);
        stamp.put("group", group);
        stamp.put("offset", position.offset());
        stamp.put("epoch", position.epoch());
        copy.put(StreamPosition.KEY, new FrozenMap(stamp));
        return new JsonObject(new FrozenMap(copy));
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map) {
        if (map instanceof FrozenMap frozen) {
            return frozen;
        }
        return new FrozenMap(copyOf(map, 0));
    }

    /** A copy of a map with frozen values, and room for {@code more} entries. */
    private static Map<String, Object> copyOf(Map<?, ?> map, int more) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (map.size() + more) * 4 / 3 + 1));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(
                        "A message key must be a string, was " + e.getKey() + "; use string keys in nested maps");
            }
            copy.put(key, freezeValue(e.getValue()));
        }
        return copy;
    }

    private static List<Object> freezeList(List<?> list) {
        if (list instanceof FrozenList frozen) {
            return frozen;
        }
        Object[] copy = new Object[list.size()];
        int i = 0;
        for (Object value : list) {
            copy[i++] = freezeValue(value);
        }
        return new FrozenList(copy);
    }

    /** Mutable leaf values are copied on every read so that readers never share them. */
    private static Object reveal(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        } else if (value instanceof Buffer buffer) {
            return buffer.copy();
        }
        return value;
    }

    /** An unmodifiable map over frozen values. */
    static final class FrozenMap extends AbstractMap<String, Object> implements MessageMemo {

        private final Map<String, Object> map;
        private final MemoSlot memo = new MemoSlot();

        FrozenMap(Map<String, Object> map) {
            this.map = map;
        }

        @Override
        public <T> T memo(Object key, Supplier<T> compute) {
            return memo.memo(key, compute);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            return reveal(map.get(key));
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(map.keySet());
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            map.forEach((k, v) -> action.accept(k, reveal(v)));
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            Map.Entry<String, Object> e = it.next();
                            return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), reveal(e.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return map.size();
                }
            };
        }
    }

    /** An unmodifiable list over frozen values. */
    static final class FrozenList extends AbstractList<Object> implements RandomAccess {

        private final Object[] values;

        FrozenList(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return reveal(values[index]);
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
