package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokenFormatTest {
    private static final Pattern SPK = Pattern.compile("^spk_[A-Za-z0-9]{49}$");
    private final TokenFormat format = new TokenFormat("spk", false);
    private final TokenScratch scratch = new TokenScratch(TokenHashing.sha256());

    @Test
    void generateHundredThousandThenDistinctAndWellFormedAndChecksummed() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String token = format.generate(random);
            assertThat(SPK.matcher(token).matches()).as(token).isTrue();
            assertThat(format.read(token, scratch)).isEqualTo(TokenFormat.Kind.TOKEN);
            seen.add(token);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void readWhenChecksumComputedOutsideJavaThenToken() {
        assertThat(format.read(ApiTokensTest.KNOWN_TOKEN, scratch)).isEqualTo(TokenFormat.Kind.TOKEN);
        assertThat(scratch.length()).isEqualTo(53);
    }

    @Test
    void readWhenLegacyShapeThenLegacyOnlyIfAccepted() {
        assertThat(format.read(ApiTokensTest.LEGACY_TOKEN, scratch)).isEqualTo(TokenFormat.Kind.MALFORMED);
        TokenFormat legacy = new TokenFormat("spk", true);
        assertThat(legacy.read(ApiTokensTest.LEGACY_TOKEN, scratch)).isEqualTo(TokenFormat.Kind.LEGACY);
        assertThat(legacy.read(ApiTokensTest.LEGACY_TOKEN.replace('-', '+'), scratch)).isEqualTo(TokenFormat.Kind.MALFORMED);
        assertThat(legacy.read(ApiTokensTest.KNOWN_TOKEN, scratch)).isEqualTo(TokenFormat.Kind.TOKEN);
    }

    @Test
    void readWhenNonAsciiLookalikeThenMalformed() {
        String token = ApiTokensTest.KNOWN_TOKEN;
        assertThat(format.read(token.replace('A', 'Α'), scratch)).isEqualTo(TokenFormat.Kind.MALFORMED);
        assertThat(format.read(token.substring(0, 52) + '\u0100', scratch)).isEqualTo(TokenFormat.Kind.MALFORMED);
    }

    @Test
    void hintThenPrefixEllipsisAndLastFour() {
        assertThat(format.hint(ApiTokensTest.KNOWN_TOKEN)).isEqualTo("spk_…iaDm");
    }

    @Test
    void constructWhenPrefixInvalidThenRefused() {
        for (String bad : new String[] {"", "s", "Spk", "1pk", "spk_", "abcdefghijk", "sp-k"}) {
            assertThatThrownBy(() -> new TokenFormat(bad, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("token-prefix: expected [a-z][a-z0-9]{1,9}, got '" + bad + "'");
        }
        assertThat(new TokenFormat("abcdefghij", false).generate(new SecureRandom())).startsWith("abcdefghij_").hasSize(60);
    }
}
