// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The short digest that tells apart the events groups of two long group names with the same start. */
final class PresenceDigest {

    private PresenceDigest() {}

    /** @return the first 64 bits of the name's SHA-256, in hex */
    static String of(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}
