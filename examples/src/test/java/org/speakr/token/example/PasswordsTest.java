package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void hashIsArgon2idPhcStringWithRandomSalt() {
        String a = Passwords.hash("wonderland-42");
        String b = Passwords.hash("wonderland-42");
        assertThat(a).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void verifyAcceptsOnlyTheRightPassword() {
        String hash = Passwords.hash("wonderland-42");
        assertThat(Passwords.verify("wonderland-42", hash)).isTrue();
        assertThat(Passwords.verify("wonderland-43", hash)).isFalse();
        assertThat(Passwords.verify("", hash)).isFalse();
        assertThat(Passwords.verify(null, hash)).isFalse();
    }

    @Test
    void verifyWhenUserUnknownOrHashMalformedThenFalse() {
        assertThat(Passwords.verify("not a password of anyone", null)).isFalse();
        assertThat(Passwords.verify("x", "plain-text")).isFalse();
        assertThat(Passwords.verify("x", "$argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }
}
