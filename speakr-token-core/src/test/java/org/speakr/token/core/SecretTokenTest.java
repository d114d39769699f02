package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTokenTest {

    @Test
    void toStringIsRedactedAndRevealGivesThePlaintext() {
        SecretToken secret = new SecretToken(ApiTokensTest.KNOWN_TOKEN);
        assertThat(secret.toString()).isEqualTo("SecretToken[REDACTED]");
        assertThat(String.valueOf(secret)).isEqualTo("SecretToken[REDACTED]");
        assertThat(secret.reveal()).isEqualTo(ApiTokensTest.KNOWN_TOKEN);
    }
}
