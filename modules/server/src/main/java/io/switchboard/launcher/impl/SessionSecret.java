// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key that signs session cookies: the one the settings give, else the one in a file, made on the first start
 * (32 random bytes, hexadecimal, readable by the owner only) so that a restart keeps every session.
 */
public final class SessionSecret {

    /** Shortest secret, in bytes. */
    public static final int MIN_LENGTH = 32;

    private SessionSecret() {}

    /**
     * The secret. Blocking: reads or writes a file; call it from a worker thread.
     *
     * @param configured the secret the settings give, or {@code null}
     * @param file where the secret is kept when the settings give none
     * @return the secret's bytes
     * @throws IllegalArgumentException if a secret is shorter than {@value #MIN_LENGTH} bytes
     * @throws IOException if the file cannot be read or made
     */
    public static byte[] load(String configured, Path file) throws IOException {
        if (configured != null && !configured.isEmpty()) {
            return checked(configured.getBytes(StandardCharsets.UTF_8), "session.secret");
        }
        if (!Files.exists(file)) {
            make(file);
        }
        return checked(
                Files.readString(file, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8),
                "the secret in " + file);
    }

    private static void make(Path file) throws IOException {
        byte[] random = new byte[MIN_LENGTH];
        new SecureRandom().nextBytes(random);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return; // another node sharing the directory made it first
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions guard it
        }
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static byte[] checked(byte[] secret, String what) {
        if (secret.length < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " is " + secret.length + " bytes long; a session secret needs at"
                    + " least " + MIN_LENGTH + " (64 hexadecimal digits: openssl rand -hex 32)");
        }
        return secret;
    }
}
