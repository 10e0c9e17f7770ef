// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSecretTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsMadeOnTheFirstStartKeptForTheOwnerAndReadAgainOnTheNext() throws Exception {
        Path file = dir.resolve("data/session-secret");

        byte[] first = SessionSecret.load(null, file);
        byte[] second = SessionSecret.load("", file);

        assertThat(first).hasSize(64).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aConfiguredSecretWinsAndMustBeLongEnough() throws Exception {
        Path file = dir.resolve("session-secret");
        String configured = "a configured secret of 32 bytes!";

        assertThat(SessionSecret.load(configured, file)).isEqualTo(configured.getBytes());
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> SessionSecret.load("short", file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session.secret is 5 bytes long; a session secret needs at least 32 (64 hexadecimal"
                        + " digits: openssl rand -hex 32)");
    }
}
