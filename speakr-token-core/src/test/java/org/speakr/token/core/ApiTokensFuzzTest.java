package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.MutableClock;

/**
 * Fuzzes the token parser and checksum ({@link TokenFormat#read}) and {@link ApiTokens#authenticate} on
 * arbitrary strings, against an independent oracle of the format (a regular expression, {@link CRC32} and a
 * {@link BigInteger} base62 parse). Properties: nothing throws; the parser says "token" exactly when the
 * oracle does; a malformed value costs no store call; only an issued, active token authenticates, and
 * revoked, expired and unknown ones get their reason.
 *
 * <p>Input layout (so seeds stay readable): {@code E<i><pos><text>} replaces the character at {@code pos}
 * of issued token {@code i} with {@code text}; {@code C<text>} makes a well-formed token of {@code text}
 * with a correct checksum (reaching hashing, the caches and the store); anything else is the value itself,
 * as UTF-8. Regression inputs: {@code src/test/resources/org/speakr/token/core/ApiTokensFuzzTestInputs/}.
 * Fuzz with {@code JAZZER_FUZZ=1 mvn -pl speakr-token-core test -Dtest=ApiTokensFuzzTest -Djazzer.max_duration=5m}.
 */
class ApiTokensFuzzTest {
    private static final Pattern ORACLE_SHAPE = Pattern.compile("spk_[0-9A-Za-z]{49}");
    private static final Pattern ORACLE_LEGACY = Pattern.compile("[0-9A-Za-z_-]{43}");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static final MutableClock CLOCK = new MutableClock(T0);
    private static final CountingTokenStore STORE = new CountingTokenStore();
    private static final ApiTokens TOKENS;
    private static final ApiTokens LEGACY_TOKENS;
    private static final TokenFormat FORMAT = new TokenFormat("spk", false);
    private static final TokenFormat LEGACY_FORMAT = new TokenFormat("spk", true);
    private static final TokenScratch SCRATCH = new TokenScratch(TokenHashing.sha256());
    /** Issued plaintexts by what authenticate must answer: null for success. */
    private static final Map<String, RejectionReason> ISSUED = new HashMap<>();
    private static final Map<String, String> ISSUED_IDS = new HashMap<>();
    private static final String[] ISSUED_ORDER;

    static {
        ApiTokens.Builder builder = ApiTokens.builder().store(STORE).clock(CLOCK)
                .lastUsedWriteInterval(Duration.ofHours(1)).revocationPollInterval(Duration.ZERO);
        TOKENS = builder.build();
        LEGACY_TOKENS = builder.acceptLegacyTokens(true).build();
        CreatedToken active = TOKENS.create("alice", "active", Expiration.never());
        CreatedToken scoped = TOKENS.create("alice", "scoped", Expiration.after(Duration.ofDays(365)), Set.of("recordings:read"));
        CreatedToken revoked = TOKENS.create("bob", "revoked", Expiration.never());
        CreatedToken expired = TOKENS.create("bob", "expired", Expiration.at(T0.plusSeconds(60)));
        TOKENS.revoke("bob", revoked.info().id());
        CLOCK.set(T0.plusSeconds(120));
        ISSUED.put(active.token().reveal(), null);
        ISSUED.put(scoped.token().reveal(), null);
        ISSUED.put(revoked.token().reveal(), RejectionReason.REVOKED);
        ISSUED.put(expired.token().reveal(), RejectionReason.EXPIRED);
        for (CreatedToken created : new CreatedToken[] {active, scoped, revoked, expired}) {
            ISSUED_IDS.put(created.token().reveal(), created.info().id());
        }
        ISSUED_ORDER = new String[] {active.token().reveal(), scoped.token().reveal(), revoked.token().reveal(),
                expired.token().reveal(), ApiTokensTest.KNOWN_TOKEN};
        STORE.insert(new TokenRecord("legacy-id", "carol", "legacy", ApiTokensTest.LEGACY_TOKEN_SHA256,
                TokenRecord.SHA256_KEY_ID, "…4567", Set.of(), T0, null, null, null, null, null));
    }

    @FuzzTest
    void authenticateArbitraryValue(byte[] data) {
        String value = value(data);

        boolean token = oracleIsToken(value);
        boolean legacy = ORACLE_LEGACY.matcher(value).matches();
        assertThat(FORMAT.read(value, SCRATCH)).isEqualTo(token ? TokenFormat.Kind.TOKEN : TokenFormat.Kind.MALFORMED);
        assertThat(LEGACY_FORMAT.read(value, SCRATCH)).isEqualTo(
                token ? TokenFormat.Kind.TOKEN : legacy ? TokenFormat.Kind.LEGACY : TokenFormat.Kind.MALFORMED);

        int lookupsBefore = STORE.findByHash.get();
        AuthenticationResult result = TOKENS.authenticate(value);
        if (!token) {
            assertThat(result).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
            assertThat(STORE.findByHash.get()).as("store lookups for a malformed value").isEqualTo(lookupsBefore);
        } else {
            assertIssuedOrUnknown(value, result);
        }

        AuthenticationResult legacyResult = LEGACY_TOKENS.authenticate(value);
        if (token) {
            assertIssuedOrUnknown(value, legacyResult);
        } else if (legacy) {
            if (value.equals(ApiTokensTest.LEGACY_TOKEN)) {
                assertThat(legacyResult.isAuthenticated()).isTrue();
            } else {
                assertThat(legacyResult).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            }
        } else {
            assertThat(legacyResult).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
        }
    }

    private static void assertIssuedOrUnknown(String value, AuthenticationResult result) {
        if (!ISSUED.containsKey(value)) {
            assertThat(result).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            return;
        }
        RejectionReason expected = ISSUED.get(value);
        if (expected == null) {
            assertThat(result).isInstanceOf(AuthenticationResult.Authenticated.class);
            assertThat(((AuthenticationResult.Authenticated) result).principal().tokenId())
                    .isEqualTo(ISSUED_IDS.get(value));
        } else {
            assertThat(result).isEqualTo(AuthenticationResult.Rejected.of(expected));
        }
    }

    /** Decodes the input layout described on the class. */
    static String value(byte[] data) {
        if (data.length >= 3 && data[0] == 'E') {
            String original = ISSUED_ORDER[Math.floorMod(data[1], ISSUED_ORDER.length)];
            int pos = Math.floorMod(data[2], original.length());
            String text = new String(data, 3, data.length - 3, StandardCharsets.UTF_8);
            return original.substring(0, pos) + text + original.substring(pos + 1);
        }
        if (data.length >= 1 && data[0] == 'C') {
            StringBuilder body = new StringBuilder("spk_");
            for (int i = 0; i < 43; i++) {
                int b = i + 1 < data.length ? data[i + 1] : i;
                body.append(BASE62.charAt(Math.floorMod(b, 62)));
            }
            return body + base62(crc32(body.toString()), 6);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The format, written independently of the library: shape by regex, CRC32 of the body, base62 by BigInteger. */
    static boolean oracleIsToken(String value) {
        if (!ORACLE_SHAPE.matcher(value).matches()) {
            return false;
        }
        BigInteger checksum = BigInteger.ZERO;
        for (char c : value.substring(47).toCharArray()) {
            checksum = checksum.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(BASE62.indexOf(c)));
        }
        return checksum.equals(BigInteger.valueOf(crc32(value.substring(0, 47))));
    }

    private static long crc32(String ascii) {
        CRC32 crc = new CRC32();
        crc.update(ascii.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String base62(long value, int width) {
        char[] out = new char[width];
        Arrays.fill(out, '0');
        BigInteger n = BigInteger.valueOf(value);
        for (int i = width - 1; i >= 0 && n.signum() > 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(62));
            out[i] = BASE62.charAt(qr[1].intValue());
            n = qr[0];
        }
        return new String(out);
    }
}
