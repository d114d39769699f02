package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.MutableClock;

class LegacyTokenRecordTest {
    private static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.123456Z");

    private static LegacyTokenRecord.Builder legacy() {
        return LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256, "alice").name("n8n").createdAt(CREATED);
    }

    @Test
    void buildThenSha256KeyIdMigratedHintNewIdAndTheGivenFields() {
        Instant used = CREATED.plusSeconds(60);
        Instant expires = CREATED.plus(Duration.ofDays(30));
        TokenRecord record = legacy().expiresAt(expires).lastUsedAt(used).build();

        assertThat(record.hashKeyId()).isEqualTo(TokenRecord.SHA256_KEY_ID);
        assertThat(record.hint()).isEqualTo(LegacyTokenRecord.MIGRATED_HINT).isEqualTo("migrated token");
        assertThat(record.id()).matches("[0-9A-Za-z]{22}");
        assertThat(record.hash()).isEqualTo(ApiTokensTest.LEGACY_TOKEN_SHA256);
        assertThat(record.owner()).isEqualTo("alice");
        assertThat(record.name()).isEqualTo("n8n");
        assertThat(record.scopes()).isEmpty();
        assertThat(record.createdAt()).isEqualTo(CREATED);
        assertThat(record.expiresAt()).isEqualTo(expires);
        assertThat(record.lastUsedAt()).isEqualTo(used);
        assertThat(record.revokedAt()).isNull();
        assertThat(record.revocationReason()).isNull();
        assertThat(record.parentId()).isNull();
        TokenRecord revoked = legacy().revokedAt(used).build();
        assertThat(revoked.revokedAt()).isEqualTo(used);
        assertThat(revoked.revocationReason()).isEqualTo(RevocationReason.MANUAL);
        assertThat(legacy().build().id()).isNotEqualTo(record.id());
    }

    @Test
    void buildWhenInsertedThenThePlaintextAuthenticatesOnlyWithLegacyTokensAccepted() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenRecord record = legacy().scopes(Set.of("recordings:read")).build();
        store.insert(record);
        MutableClock clock = new MutableClock(CREATED.plusSeconds(1));

        try (ApiTokens accepting = ApiTokens.builder().store(store).clock(clock).acceptLegacyTokens(true).build();
                ApiTokens refusing = ApiTokens.builder().store(store).clock(clock).build()) {
            assertThat(accepting.authenticate(ApiTokensTest.LEGACY_TOKEN))
                    .isInstanceOfSatisfying(AuthenticationResult.Authenticated.class, ok -> {
                        assertThat(ok.principal().owner()).isEqualTo("alice");
                        assertThat(ok.principal().tokenId()).isEqualTo(record.id());
                        assertThat(ok.principal().scopes()).containsExactly("recordings:read");
                    });
            assertThat(refusing.authenticate(ApiTokensTest.LEGACY_TOKEN))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
            assertThat(accepting.list("alice")).singleElement()
                    .satisfies(info -> assertThat(info.hint()).isEqualTo("migrated token"));
        }
    }

    @Test
    void nameWhenUntrimmedThenStoredTrimmedAndWhenBlankOrTooLongOrControlThenRefused() {
        assertThat(legacy().name("  Zapier – ünïcode \t").build().name()).isEqualTo("Zapier – ünïcode");
        assertThatThrownBy(() -> legacy().name("   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be empty or blank");
        assertThatThrownBy(() -> legacy().name("x".repeat(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be at most 100 characters after trimming, was 101");
        assertThatThrownBy(() -> legacy().name("a\u0007b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: expected no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp), got 'U+0007 at index 1'");
    }

    @Test
    void builderWhenHashIsNotLowercaseSha256HexThenRefusedWithItsLengthOnly() {
        String plaintextByMistake = ApiTokensTest.LEGACY_TOKEN;
        assertThatThrownBy(() -> LegacyTokenRecord.builder(plaintextByMistake, "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sha256Hex must be 64 lowercase hexadecimal characters, was 43 characters");
        assertThatThrownBy(() -> LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256.toUpperCase(), "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sha256Hex must be 64 lowercase hexadecimal characters, was 64 characters");
    }

    @Test
    void builderWhenOwnerBreaksTheOwnerRuleThenRefused() {
        assertThatThrownBy(() -> LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("owner must not be empty or blank");
        assertThatThrownBy(() -> LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256, "o".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("owner must be at most 255 characters, was 256");
    }

    @Test
    void buildWhenNameOrCreationInstantMissingThenIllegalState() {
        assertThatThrownBy(() -> LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256, "alice")
                        .createdAt(CREATED).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("name: expected a token name, got none");
        assertThatThrownBy(() -> LegacyTokenRecord.builder(ApiTokensTest.LEGACY_TOKEN_SHA256, "alice")
                        .name("n8n").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("createdAt: expected an instant, got none");
    }
}
