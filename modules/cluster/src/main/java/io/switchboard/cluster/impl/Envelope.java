// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.kernel.FrozenJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * What crosses the event bus: a message for one channel or one group, or a control message. Immutable once
 * made, so the local event bus hands the same instance to every local handler.
 *
 * <p>The message is held as a read-only {@link JsonObject} snapshot, as JSON bytes, or both: the bytes are made
 * at most once, when the envelope first goes on the wire (so a group send is encoded once whatever the number of
 * nodes), and the snapshot is decoded at most once per node (so every local member shares it).
 */
final class Envelope {

    /** A message for one channel; {@link #target()} is the channel. */
    static final byte CHANNEL = 1;
    /** A message for every member of a group; {@link #target()} is the group. */
    static final byte GROUP = 2;
    /** Remove the channel in the message's {@code channel} key from the group {@link #target()}. */
    static final byte DISCARD = 3;
    /** Empty every layer instance of the cluster. */
    static final byte FLUSH = 4;
    /** The normal channel {@link #target()} is now read by the sender: pass on messages parked for it. */
    static final byte CLAIM = 5;

    private final byte kind;
    private final String target;
    private final String origin;
    private JsonObject snapshot;
    private Buffer bytes;

    private Envelope(byte kind, String target, String origin, JsonObject snapshot, Buffer bytes) {
        this.kind = kind;
        this.target = target;
        this.origin = origin;
        this.snapshot = snapshot;
        this.bytes = bytes;
    }

    static Envelope of(byte kind, String target, String origin, JsonObject snapshot) {
        return new Envelope(kind, target, origin, snapshot, null);
    }

    static Envelope fromWire(byte kind, String target, String origin, Buffer bytes) {
        return new Envelope(kind, target, origin, null, bytes);
    }

    byte kind() {
        return kind;
    }

    String target() {
        return target;
    }

    /** The id of the layer instance that sent it. */
    String origin() {
        return origin;
    }

    /** The message, decoded on first use and shared afterwards. */
    synchronized JsonObject message() {
        if (snapshot == null) {
            snapshot = FrozenJson.decode(bytes);
        }
        return snapshot;
    }

    /** The message as JSON bytes, encoded on first use and shared afterwards. */
    synchronized Buffer bytes() {
        if (bytes == null) {
            bytes = snapshot.toBuffer();
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "Envelope[kind=" + kind + ", target=" + target + ", origin=" + origin + "]";
    }
}
