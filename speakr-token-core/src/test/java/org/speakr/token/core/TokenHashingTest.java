package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenHashingTest {
    private static final byte[] PEPPER = "k".repeat(32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void hmacWhenPepperShortOrKeyIdInvalidThenRefused() {
        assertThatThrownBy(() -> TokenHashing.hmacSha256("k1", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hashing pepper must be at least 32 bytes, was 31");
        assertThatThrownBy(() -> TokenHashing.hmacSha256("sha256", PEPPER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing keyId must match [A-Za-z0-9._-]{1,32} and not be 'sha256', was 'sha256'");
        assertThatThrownBy(() -> TokenHashing.hmacSha256("k 1", PEPPER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenHashing.hmacSha256("k1", PEPPER).withPreviousKey("k1", PEPPER))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hashing key id 'k1' is already configured");
        assertThatThrownBy(() -> TokenHashing.sha256().withPreviousKey("k0", PEPPER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("previous keys need HMAC-SHA-256 hashing; call hmacSha256 first");
    }

    @Test
    void hmacThenPepperCopiedAndMaskedInToString() {
        byte[] pepper = PEPPER.clone();
        TokenHashing hashing = TokenHashing.hmacSha256("k2", pepper).withPreviousKey("k1", "o".repeat(32).getBytes());
        Arrays.fill(pepper, (byte) 0);
        assertThat(hashing.current().secret()).isEqualTo(PEPPER);
        assertThat(hashing.toString())
                .isEqualTo("TokenHashing[HMAC-SHA-256, key ids [k2, k1] (current first), peppers masked]")
                .doesNotContain("kkkk");
        assertThat(TokenHashing.sha256()).hasToString("TokenHashing[SHA-256]");
    }
}
