package org.speakr.token.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TokenCanaryTest {
    /** A valid token (checksum computed outside Java); see ApiTokensTest.KNOWN_TOKEN. */
    private static final String TOKEN = "spk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg05iaDm";
    private static final byte[] BYTES = TOKEN.getBytes(StandardCharsets.US_ASCII);

    @Test
    void findWhenPlaintextInTextThenFoundWithItsPrefixEvenGluedToOtherText() {
        assertThat(TokenCanary.find("Bearer " + TOKEN)).containsExactly(
                "token plaintext spk_01…(53 chars, valid checksum)");
        assertThat(TokenCanary.find("xx" + TOKEN + "yy")).hasSize(1);
        assertThat(TokenCanary.find("?token=" + TOKEN + "&a=1")).hasSize(1);
    }

    @Test
    void findWhenOtherPrefixThenFound() {
        // "abcdefghij_" + 43 + checksum: any prefix the library accepts.
        String other = "sk_" + TOKEN.substring(4, 47);
        assertThat(TokenCanary.plaintexts(other + "000000")).isEmpty();
        assertThat(TokenCanary.checksumValid(TOKEN)).isTrue();
    }

    @Test
    void findWhenHexEitherCaseOrAlignmentThenFound() {
        String hex = HexFormat.of().formatHex(BYTES);
        assertThat(TokenCanary.find("bytes=" + hex)).contains("hex of token plaintext spk_01…(53 chars, valid checksum)");
        assertThat(TokenCanary.find(hex.toUpperCase())).isNotEmpty();
        assertThat(TokenCanary.find("a" + hex)).isNotEmpty();
    }

    @Test
    void findWhenBase64AnyAlphabetPaddingOrAlignmentThenFound() {
        for (String encoded : List.of(Base64.getEncoder().encodeToString(BYTES),
                Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES),
                Base64.getEncoder().encodeToString(("alice:" + TOKEN).getBytes(StandardCharsets.US_ASCII)),
                Base64.getEncoder().encodeToString(("a:" + TOKEN + "\n").getBytes(StandardCharsets.US_ASCII)))) {
            assertThat(TokenCanary.find("Authorization: Basic " + encoded)).as(encoded)
                    .contains("base64 of token plaintext spk_01…(53 chars, valid checksum)");
        }
    }

    @Test
    void findWhenChecksumWrongOrTooShortThenNothing() {
        String typo = TOKEN.substring(0, 10) + 'x' + TOKEN.substring(11);
        assertThat(TokenCanary.find(typo)).isEmpty();
        assertThat(TokenCanary.find(TOKEN.substring(0, 52))).isEmpty();
        assertThat(TokenCanary.find(HexFormat.of().formatHex(typo.getBytes(StandardCharsets.US_ASCII)))).isEmpty();
        assertThat(TokenCanary.find("spk_…iaDm and a hash 9eed9731d99ced86a2c09c6098822f5d46664f56b7b7f1d2c10b5f3987a89be8"))
                .isEmpty();
    }

    @Test
    void scanResponseSkipsOnlyTheCreationAnswer() {
        int before = TokenCanary.hits().size();
        TokenCanary.scanResponse("POST", "/api/tokens", 201, "{\"token\": \"" + TOKEN + "\"}");
        assertThat(TokenCanary.hits()).hasSize(before);
        TokenCanary.scanResponse("GET", "/api/tokens", 200, "{\"token\": \"" + TOKEN + "\"}");
        String hit = "HTTP response 200 to GET /api/tokens: token plaintext spk_01…(53 chars, valid checksum)";
        assertThat(TokenCanary.hits()).contains(hit);
        assertThat(TokenCanary.forget(hit)).isTrue();
    }

    @Test
    void scanResponseSkipsTheRotationAnswerButNotOtherPathsBelowATokensId() {
        int before = TokenCanary.hits().size();
        TokenCanary.scanResponse("POST", "/api/tokens/abc_123/rotate", 201, "{\"token\": \"" + TOKEN + "\"}");
        assertThat(TokenCanary.hits()).hasSize(before);
        for (String path : List.of("/api/tokens/a/b/rotate", "/api/tokens//rotate", "/api/tokens/abc/rotate/x")) {
            TokenCanary.scanResponse("POST", path, 201, "{\"token\": \"" + TOKEN + "\"}");
            String hit = "HTTP response 201 to POST " + path + ": token plaintext spk_01…(53 chars, valid checksum)";
            assertThat(TokenCanary.hits()).contains(hit);
            assertThat(TokenCanary.forget(hit)).isTrue();
        }
        TokenCanary.scanResponse("POST", "/api/tokens/abc/rotate", 400, "{\"token\": \"" + TOKEN + "\"}");
        String hit = "HTTP response 400 to POST /api/tokens/abc/rotate: token plaintext spk_01…(53 chars, valid checksum)";
        assertThat(TokenCanary.hits()).contains(hit);
        assertThat(TokenCanary.forget(hit)).isTrue();
    }

    @Test
    void appenderAttachedForTheSessionScansEveryLogEvent() {
        Assumptions.assumeTrue(CanaryListener.enabled(), "the canary is off (-Dspeakr.canary=off)");
        String hit = "log WARN " + TokenCanaryTest.class.getName();
        LoggerFactory.getLogger(TokenCanaryTest.class).warn("leaking on purpose: {}", "0x" + "zz",
                new IllegalStateException("cause with " + Base64.getEncoder().encodeToString(BYTES)));
        List<String> leaked = TokenCanary.hits().stream().filter(h -> h.startsWith(hit)).toList();
        assertThat(leaked).hasSize(1).allMatch(h -> h.contains("base64 of token plaintext")
                && h.contains("appenderAttachedForTheSessionScansEveryLogEvent"));
        leaked.forEach(TokenCanary::forget);
    }
}
