// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * The event-bus codec of {@link Envelope}: a few bytes of framing around the message's JSON bytes.
 *
 * <p>Wire layout: kind (1 byte), target length (2 bytes) and UTF-8 target, origin length (1 byte) and ASCII
 * origin, message length (4 bytes) and JSON bytes. Locally the envelope is passed as is: it is immutable.
 */
final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

    /** The codec's name on the event bus. */
    static final String NAME = "switchboard.envelope";

    /** The one codec; stateless, so every layer instance and event bus shares it. */
    static final EnvelopeCodec INSTANCE = new EnvelopeCodec();

    private EnvelopeCodec() {}

    /** Registers the codec on an event bus once; several layer instances of one process share it. */
    static void registerOn(EventBus eventBus) {
        synchronized (EnvelopeCodec.class) {
            try {
                eventBus.registerCodec(INSTANCE);
            } catch (IllegalStateException alreadyRegistered) {
                // another layer instance of this process registered it first
            }
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, Envelope envelope) {
        byte[] target = envelope.target().getBytes(StandardCharsets.UTF_8);
        byte[] origin = envelope.origin().getBytes(StandardCharsets.US_ASCII);
        Buffer message = envelope.bytes();
        buffer.appendByte(envelope.kind())
                .appendShort((short) target.length)
                .appendBytes(target)
                .appendByte((byte) origin.length)
                .appendBytes(origin)
                .appendInt(message.length())
                .appendBuffer(message);
    }

    @Override
    public Envelope decodeFromWire(int pos, Buffer buffer) {
        byte kind = buffer.getByte(pos);
        int targetLength = buffer.getShort(pos + 1);
        int at = pos + 3;
        String target = buffer.getString(at, at + targetLength, "UTF-8");
        at += targetLength;
        int originLength = buffer.getByte(at);
        at += 1;
        String origin = buffer.getString(at, at + originLength, "US-ASCII");
        at += originLength;
        int messageLength = buffer.getInt(at);
        at += 4;
        return Envelope.fromWire(kind, target, origin, buffer.getBuffer(at, at + messageLength));
    }

    @Override
    public Envelope transform(Envelope envelope) {
        return envelope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
