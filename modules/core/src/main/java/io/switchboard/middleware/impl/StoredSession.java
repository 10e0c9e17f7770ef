// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.sstore.AbstractSession;
import java.nio.charset.StandardCharsets;

/**
 * A session that can be written to bytes and read back, in the layout of Vert.x Web's clustered sessions: id,
 * timeout, last access, version, then the data with Vert.x Web's own encoding of each value.
 */
class StoredSession extends AbstractSession {

    StoredSession(VertxContextPRNG random, long timeout, int length) {
        super(random, timeout, length);
    }

    StoredSession(VertxContextPRNG random) {
        super(random);
    }

    Buffer toBuffer() {
        Buffer buffer = Buffer.buffer();
        byte[] id = id().getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(id.length).appendBytes(id);
        buffer.appendLong(timeout()).appendLong(lastAccessed()).appendInt(version());
        writeDataToBuffer(buffer);
        return buffer;
    }

    static StoredSession fromBuffer(VertxContextPRNG random, Buffer buffer) {
        StoredSession session = new StoredSession(random);
        session.readFrom(buffer);
        return session;
    }

    /** Fills this session from {@link #toBuffer()}'s bytes. */
    final void readFrom(Buffer buffer) {
        int pos = 0;
        int length = buffer.getInt(pos);
        pos += 4;
        setId(buffer.getString(pos, pos + length, "UTF-8"));
        pos += length;
        setTimeout(buffer.getLong(pos));
        pos += 8;
        setLastAccessed(buffer.getLong(pos));
        pos += 8;
        setVersion(buffer.getInt(pos));
        pos += 4;
        readDataFromBuffer(pos, buffer);
    }

    /** @return whether the session has ended by time, unless used again */
    final boolean expired() {
        return lastAccessed() + timeout() <= System.currentTimeMillis();
    }
}
