// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** RFC 7692's permessage-deflate as {@link RawWebSocket} needs it: one inflate context per connection. */
final class PerMessageDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Inflater inflater = new Inflater(true);

    static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(chunk, 0, n);
            }
            byte[] bytes = out.toByteArray();
            return Arrays.copyOf(bytes, bytes.length - TAIL.length);
        } finally {
            deflater.end();
        }
    }

    byte[] inflate(byte[] compressed) throws IOException {
        byte[] input = Arrays.copyOf(compressed, compressed.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, compressed.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("the server's compressed frame does not inflate", e);
        }
        return out.toByteArray();
    }

    void end() {
        inflater.end();
    }
}
