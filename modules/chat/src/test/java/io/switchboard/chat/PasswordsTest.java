// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords();

    @Test
    void aHashIsArgon2idInPhcFormWithItsOwnSaltAndVerifiesOnlyItsPassword() {
        String hash = passwords.hash("correct horse battery staple");
        String again = passwords.hash("correct horse battery staple");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        assertThat(again).isNotEqualTo(hash);
        assertThat(passwords.verify("correct horse battery staple", hash)).isTrue();
        assertThat(passwords.verify("correct horse battery staple", again)).isTrue();
        assertThat(passwords.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(passwords.verify("", hash)).isFalse();
    }

    @Test
    void aHashKeepsItsCostAndATamperedOrForeignValueNeverVerifies() {
        String hash = passwords.hash("s3cret-enough");
        int at = hash.lastIndexOf('$') + 5;
        String flipped = hash.substring(0, at) + (hash.charAt(at) == 'A' ? 'B' : 'A') + hash.substring(at + 1);
        assertThat(passwords.verify("s3cret-enough", flipped)).isFalse();
        assertThat(passwords.verify("s3cret-enough", "plain s3cret-enough")).isFalse();
        assertThat(passwords.verify("s3cret-enough", hash.replace("t=2", "t=3")))
                .isFalse();
        assertThat(passwords.verifyNoAccount("s3cret-enough")).isFalse();
    }
}
