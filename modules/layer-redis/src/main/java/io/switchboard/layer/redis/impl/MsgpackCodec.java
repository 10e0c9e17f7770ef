// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The channels_redis message encoding (wire spec §4): MessagePack as Python's
 * {@code packb(use_bin_type=True)} writes it and {@code unpackb(raw=False)} reads it. Text is str, {@code byte[]}
 * and {@link Buffer} are bin (read back as {@link Buffer}), integers take their smallest encoding, floats are float64, maps have string keys only,
 * and ext types never appear. A stored member of the core layer is 12 random bytes followed by the map; the routing
 * marker {@code __asgi_channel__} is the last entry.
 *
 * <p>Stateless and thread-safe.
 */
public final class MsgpackCodec {

    /** Length of the random prefix that makes sorted-set members unique. */
    public static final int RANDOM_PREFIX_LENGTH = 12;

    static final int MAX_DEPTH = 512;

    private MsgpackCodec() {}

    /**
     * The entries of a message map, encoded once, without the map header, so that each stored member can add its
     * own routing marker without encoding the message again.
     *
     * @param entries number of map entries in {@code bytes}
     * @param bytes the encoded keys and values
     */
    public record Body(int entries, byte[] bytes) {}

    /**
     * A decoded message and the channels its routing marker names.
     *
     * @param message the message without the marker
     * @param targets the full channel names from the marker, or {@code null} when there was none
     */
    public record Decoded(JsonObject message, List<String> targets) {}

    /**
     * Encodes the entries of a message.
     *
     * @param message the message
     * @return the encoded entries
     * @throws IllegalArgumentException if a value has no msgpack form that channels_redis reads back (the message
     *     names the path of the value)
     */
    public static Body encodeBody(JsonObject message) {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        try {
            for (Map.Entry<String, Object> e : message.getMap().entrySet()) {
                packer.packString(e.getKey());
                packValue(packer, e.getValue(), e.getKey(), 1);
            }
            return new Body(message.size(), packer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The core layer's stored member without a marker (a send to a normal channel).
     *
     * @param body the encoded entries
     * @return 12 random bytes, then the map
     */
    public static byte[] member(Body body) {
        return assemble(body, null, true);
    }

    /**
     * The core layer's stored member for a send to a process-specific channel: the marker is the full name.
     *
     * @param body the encoded entries
     * @param channel the full channel name
     * @return 12 random bytes, then the map with the marker last
     */
    public static byte[] member(Body body, String channel) {
        return assemble(body, channel, true);
    }

    /**
     * The core layer's stored member for a group send: the marker lists every member stored in that key.
     *
     * @param body the encoded entries
     * @param channels the full names of the group members whose queue is the key
     * @return 12 random bytes, then the map with the marker last
     */
    public static byte[] member(Body body, List<String> channels) {
        return assemble(body, channels, true);
    }

    /**
     * The pub/sub layer's payload: the map alone, no random prefix, no marker.
     *
     * @param body the encoded entries
     * @return the map
     */
    public static byte[] plain(Body body) {
        return assemble(body, null, false);
    }

    /**
     * The start of a numbered message, up to where the script that numbers it writes the epoch and the offset:
     * the map (with room for {@code __stream__} and, for a stored member, the routing marker), the message's
     * entries, then {@code "__stream__": {"group": <group>, "epoch": } with the map's last two values left to the
     * script ({@link RedisHistories#APPEND}).
     *
     * @param body the encoded entries
     * @param group the group whose history numbers the message
     * @param member whether this is a core layer's stored member: 12 random bytes first, and a marker to follow
     * @return the bytes before the epoch
     */
    static byte[] numberedHead(Body body, String group, boolean member) {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        try {
            if (member) {
                writeRandomPrefix(packer);
            }
            packer.packMapHeader(body.entries() + (member ? 2 : 1));
            packer.writePayload(body.bytes());
            packer.packString(StreamPosition.KEY);
            packer.packMapHeader(3);
            packer.packString("group");
            packer.packString(group);
            packer.packString("epoch");
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The routing marker of a group send as the last entry of a stored member: its key and the members' names.
     *
     * @param channels the full names of the group members whose queue is the key
     * @return the encoded key and array
     */
    static byte[] marker(List<String> channels) {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        try {
            packer.packString(ChannelLayer.RESERVED_KEY);
            packer.packArrayHeader(channels.size());
            for (String channel : channels) {
                packer.packString(channel);
            }
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRandomPrefix(MessageBufferPacker packer) throws IOException {
        byte[] random = new byte[RANDOM_PREFIX_LENGTH];
        ThreadLocalRandom.current().nextBytes(random);
        packer.writePayload(random);
    }

    private static byte[] assemble(Body body, Object marker, boolean randomPrefix) {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        try {
            if (randomPrefix) {
                writeRandomPrefix(packer);
            }
            packer.packMapHeader(body.entries() + (marker == null ? 0 : 1));
            packer.writePayload(body.bytes());
            if (marker instanceof String channel) {
                packer.packString(ChannelLayer.RESERVED_KEY);
                packer.packString(channel);
            } else if (marker instanceof List<?> channels) {
                packer.packString(ChannelLayer.RESERVED_KEY);
                packer.packArrayHeader(channels.size());
                for (Object channel : channels) {
                    packer.packString((String) channel);
                }
            }
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a message map and takes its routing marker out.
     *
     * @param data the bytes
     * @param offset where the map starts ({@link #RANDOM_PREFIX_LENGTH} for a core-layer member, 0 for pub/sub)
     * @return the message and the marker's channel names
     * @throws WireFormatException if the bytes are not one msgpack map with string keys and a well-formed marker
     */
    public static Decoded decode(byte[] data, int offset) throws WireFormatException {
        return MsgpackDecoder.decode(data, offset);
    }

    private static void packValue(MessagePacker packer, Object value, String path, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Message nests deeper than " + MAX_DEPTH + " levels at '" + path + "'");
        }
        if (value == null) {
            packer.packNil();
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            packer.packLong(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            packer.packDouble(((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() > 64 || (big.bitLength() == 64 && big.signum() < 0)) {
                throw new IllegalArgumentException("Integer " + big + " at '" + path
                        + "' is outside msgpack's range (-2^63 to 2^64-1); send it as a string");
            }
            packer.packBigInteger(big);
        } else if (value instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof Buffer buffer) {
            byte[] bytes = buffer.getBytes();
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof JsonObject object) {
            packMap(packer, object.getMap(), path, depth);
        } else if (value instanceof Map<?, ?> map) {
            packMap(packer, map, path, depth);
        } else if (value instanceof JsonArray array) {
            packList(packer, array.getList(), path, depth);
        } else if (value instanceof List<?> list) {
            packList(packer, list, path, depth);
        } else if (value instanceof CharSequence || value instanceof Character) {
            packer.packString(value.toString());
        } else if (value instanceof Instant instant) {
            packer.packString(DateTimeFormatter.ISO_INSTANT.format(instant));
        } else if (value instanceof Enum<?> e) {
            packer.packString(e.name());
        } else {
            throw new IllegalArgumentException(
                    "Value of type " + value.getClass().getName() + " at '" + path
                            + "' cannot travel in channels_redis' msgpack format; use a string, number, boolean, null, byte[],"
                            + " Buffer, JsonObject or JsonArray");
        }
    }

    private static void packMap(MessagePacker packer, Map<?, ?> map, String path, int depth) throws IOException {
        packer.packMapHeader(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("Map at '" + path + "' has a key of type " + typeName(e.getKey())
                        + "; channels_redis readers accept string keys only");
            }
            packer.packString(key);
            packValue(packer, e.getValue(), path + "." + key, depth + 1);
        }
    }

    private static void packList(MessagePacker packer, List<?> list, String path, int depth) throws IOException {
        packer.packArrayHeader(list.size());
        for (int i = 0; i < list.size(); i++) {
            packValue(packer, list.get(i), path + "[" + i + "]", depth + 1);
        }
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
