// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The reading half of {@link MsgpackCodec}, strict as Python's {@code unpackb(raw=False)} with its default
 * {@code strict_map_key=True}: one map with string keys, valid UTF-8 text, no ext types, nothing after the map.
 */
final class MsgpackDecoder {

    private static final MessagePack.UnpackerConfig UNPACKER = new MessagePack.UnpackerConfig()
            .withActionOnMalformedString(CodingErrorAction.REPORT)
            .withActionOnUnmappableString(CodingErrorAction.REPORT);

    private MsgpackDecoder() {}

    /**
     * Decodes a message map and takes its routing marker out.
     *
     * @param data the bytes
     * @param offset where the map starts ({@link #RANDOM_PREFIX_LENGTH} for a core-layer member, 0 for pub/sub)
     * @return the message and the marker's channel names
     * @throws WireFormatException if the bytes are not one msgpack map with string keys and a well-formed marker
     */
    static MsgpackCodec.Decoded decode(byte[] data, int offset) throws WireFormatException {
        if (data.length < offset) {
            throw new WireFormatException(
                    "Message of " + data.length + " bytes is shorter than its " + offset + "-byte random prefix", null);
        }
        try (MessageUnpacker unpacker = UNPACKER.newUnpacker(data, offset, data.length - offset)) {
            if (!unpacker.hasNext()) {
                throw new WireFormatException("Empty message", null);
            }
            ValueType type = unpacker.getNextFormat().getValueType();
            if (type != ValueType.MAP) {
                throw new WireFormatException("Message is a msgpack " + type + ", expected a map", null);
            }
            JsonObject message = readMap(unpacker, "", 1);
            if (unpacker.hasNext()) {
                throw new WireFormatException("Extra bytes after the message map", null);
            }
            return new MsgpackCodec.Decoded(message, takeMarker(message));
        } catch (MessagePackException | IOException e) {
            throw new WireFormatException("Invalid msgpack: " + e.getMessage(), e);
        }
    }

    private static List<String> takeMarker(JsonObject message) throws WireFormatException {
        Object marker = message.getMap().remove(ChannelLayer.RESERVED_KEY);
        if (marker == null) {
            return null;
        }
        if (marker instanceof String channel) {
            return List.of(channel);
        }
        if (marker instanceof JsonArray channels) {
            List<String> names = new ArrayList<>(channels.size());
            for (Object name : channels) {
                if (!(name instanceof String s)) {
                    throw new WireFormatException("Routing marker holds a non-string " + typeName(name), null);
                }
                names.add(s);
            }
            return names;
        }
        throw new WireFormatException("Routing marker is a " + typeName(marker) + ", expected a string or array", null);
    }

    private static JsonObject readMap(MessageUnpacker unpacker, String path, int depth)
            throws IOException, WireFormatException {
        int size = unpacker.unpackMapHeader();
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 4 / 3 + 1));
        for (int i = 0; i < size; i++) {
            MessageFormat keyFormat = unpacker.getNextFormat();
            if (keyFormat.getValueType() != ValueType.STRING) {
                throw new WireFormatException(
                        "Map " + shown(path) + " has a key of msgpack type " + keyFormat.getValueType()
                                + "; only string keys are allowed",
                        null);
            }
            String key = unpacker.unpackString();
            map.put(key, readValue(unpacker, path.isEmpty() ? key : path + "." + key, depth));
        }
        return new JsonObject(map);
    }

    private static Object readValue(MessageUnpacker unpacker, String path, int depth)
            throws IOException, WireFormatException {
        if (depth > MsgpackCodec.MAX_DEPTH) {
            throw new WireFormatException("Message nests deeper than " + MsgpackCodec.MAX_DEPTH + " levels", null);
        }
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                unpacker.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return unpacker.unpackBoolean();
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    return big.bitLength() <= 63 ? (Object) big.longValue() : big;
                }
                long value = unpacker.unpackLong();
                return value == (int) value ? (Object) (int) value : (Object) value;
            }
            case FLOAT -> {
                return unpacker.unpackDouble();
            }
            case STRING -> {
                return unpacker.unpackString();
            }
            case BINARY -> {
                // a Buffer: getBinary() hands out a copy, so a handler cannot change the message it shares
                return Buffer.buffer(unpacker.readPayload(unpacker.unpackBinaryHeader()));
            }
            case ARRAY -> {
                int size = unpacker.unpackArrayHeader();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(unpacker, path + "[" + i + "]", depth + 1));
                }
                return new JsonArray(list);
            }
            case MAP -> {
                return readMap(unpacker, path, depth + 1);
            }
            default ->
                throw new WireFormatException(
                        "Value " + shown(path) + " is a msgpack " + format.getValueType()
                                + ", which channels_redis never writes",
                        null);
        }
    }

    private static String shown(String path) {
        return path.isEmpty() ? "at the top level" : "'" + path + "'";
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
