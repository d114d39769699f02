package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String HEX = ApiTokensTest.KNOWN_TOKEN_SHA256;

    @Test
    void fromHexThenToHexRoundTripsLowercase() {
        assertThat(Digest.fromHex(HEX).toHex()).isEqualTo(HEX);
        assertThat(Digest.fromHex(HEX.toUpperCase()).toHex()).isEqualTo(HEX);
    }

    @Test
    void fromHexWhenNotSixtyFourHexDigitsThenNull() {
        assertThat(Digest.fromHex(null)).isNull();
        assertThat(Digest.fromHex(HEX.substring(1))).isNull();
        assertThat(Digest.fromHex(HEX.substring(1) + "g")).isNull();
    }

    @Test
    void equalsWhenAnyWordDiffersThenFalse() {
        Digest digest = Digest.fromHex(HEX);
        assertThat(digest).isEqualTo(Digest.fromHex(HEX)).hasSameHashCodeAs(Digest.fromHex(HEX));
        for (int i = 0; i < 64; i += 16) {
            char flipped = HEX.charAt(i + 7) == '0' ? '1' : '0';
            String other = HEX.substring(0, i + 7) + flipped + HEX.substring(i + 8);
            assertThat(digest).as("word %d", i / 16).isNotEqualTo(Digest.fromHex(other));
        }
    }

    @Test
    void toStringThenRevealsNothing() {
        assertThat(Digest.fromHex(HEX).toString()).isEqualTo("Digest[…]");
    }
}
