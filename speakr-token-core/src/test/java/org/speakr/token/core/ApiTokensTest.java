package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.MutableClock;
import org.speakr.token.testkit.ForwardingTokenStore;

class ApiTokensTest {
    /** A valid token and its SHA-256, computed outside Java (Python zlib.crc32 + hashlib.sha256). */
    static final String KNOWN_TOKEN = "spk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg05iaDm";
    static final String KNOWN_TOKEN_SHA256 = "9eed9731d99ced86a2c09c6098822f5d46664f56b7b7f1d2c10b5f3987a89be8";
    static final String KNOWN_TOKEN_HMAC_K = "55b6b4dd7d2b43cf68e5b072b7da0ef03a9f6ddffa4beb24cf38ff81b107a1f6";
    static final String KNOWN_TOKEN_HMAC_O = "e0860e0cfdb8805d4bbd6dd6595996bfdfd48ab4f46336387105dd40f7b0f5ba";
    /** A Speakr legacy token (secrets.token_urlsafe(32) shape) and its SHA-256, computed with Python. */
    static final String LEGACY_TOKEN = "3q2-7zX_9aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567";
    static final String LEGACY_TOKEN_SHA256 = "69fae807bc8236cdb161c2366eb2d21f141b95a2dfbca9314c3abbad813d7a06";

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final CountingTokenStore store = new CountingTokenStore();
    final List<ApiTokens> opened = new ArrayList<>();

    ApiTokens.Builder builder() {
        return ApiTokens.builder().store(store).clock(clock).lastUsedWriteInterval(Duration.ofHours(1));
    }

    ApiTokens open(ApiTokens.Builder builder) {
        ApiTokens tokens = builder.build();
        opened.add(tokens);
        return tokens;
    }

    ApiTokens tokens() {
        return open(builder());
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ApiTokens::close);
    }

    static TokenRecord record(String id, String owner, String hash, String keyId) {
        return new TokenRecord(id, owner, "imported", hash, keyId, "…", Set.of(), T0, null, null, null, null, null);
    }

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Nested
    class Format {
        @Test
        void authenticateWhenAnyOneCharacterChangedThenMalformedWithoutStoreCall() {
            ApiTokens tokens = tokens();
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            int callsBefore = store.calls();
            String alternatives = Base62.ALPHABET + "-_ .=+/~é\u0000";
            int changes = 0;
            for (int i = 0; i < token.length(); i++) {
                for (char c : alternatives.toCharArray()) {
                    if (c == token.charAt(i)) {
                        continue;
                    }
                    String changed = token.substring(0, i) + c + token.substring(i + 1);
                    assertThat(tokens.authenticate(changed))
                            .as("change at %d to %s", i, c)
                            .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
                    changes++;
                }
            }
            assertThat(changes).isGreaterThan(53 * 61);
            assertThat(store.calls()).isEqualTo(callsBefore);
        }

        @Test
        void authenticateWhenWrongLengthOrGarbageThenMalformed() {
            ApiTokens tokens = tokens();
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            for (String garbage : List.of("", "spk_", token + "0", token.substring(1), "Bearer " + token,
                    token.toUpperCase(), "x".repeat(10_000), LEGACY_TOKEN)) {
                assertThat(tokens.authenticate(garbage).isAuthenticated()).as(garbage).isFalse();
                assertThat(tokens.authenticate(garbage)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
            }
            assertThat(store.findByHash).hasValue(0);
        }

        @Test
        void createWhenCustomPrefixThenTokensCarryIt() {
            ApiTokens tokens = open(builder().tokenPrefix("acme"));
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            assertThat(token).matches("^acme_[A-Za-z0-9]{49}$");
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
        }
    }

    @Nested
    class Hashing {
        @Test
        void createThenStoredHashIsLowercaseHexSha256OfToken() throws Exception {
            CreatedToken created = tokens().create("alice", "ci", Expiration.never());
            TokenRecord stored = store.findByOwner("alice").get(0);
            assertThat(stored.hash()).isEqualTo(sha256Hex(created.token().reveal())).matches("[0-9a-f]{64}");
            assertThat(stored.hashKeyId()).isEqualTo(TokenRecord.SHA256_KEY_ID);
        }

        @Test
        void authenticateWhenStoreHoldsKnownSha256VectorThenAuthenticated() {
            store.insert(record("known", "alice", KNOWN_TOKEN_SHA256, TokenRecord.SHA256_KEY_ID));
            AuthenticationResult result = tokens().authenticate(KNOWN_TOKEN);
            assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Authenticated.class,
                    ok -> assertThat(ok.principal().tokenId()).isEqualTo("known"));
        }

        @Test
        void authenticateWhenHmacThenMatchesKnownVectorAndPreviousKeyStillVerifies() {
            byte[] current = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
            byte[] previous = "o".repeat(32).getBytes(StandardCharsets.US_ASCII);
            ApiTokens onlyOld = open(builder().hashing(TokenHashing.hmacSha256("old", previous)));
            store.insert(record("old-token", "alice", KNOWN_TOKEN_HMAC_O, "old"));
            assertThat(onlyOld.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();

            ApiTokens rotated = open(builder().hashing(TokenHashing.hmacSha256("new", current).withPreviousKey("old", previous)));
            assertThat(rotated.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
            CreatedToken created = rotated.create("bob", "new-key", Expiration.never());
            TokenRecord stored = store.findByOwner("bob").get(0);
            assertThat(stored.hashKeyId()).isEqualTo("new");
            assertThat(rotated.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            assertThat(onlyOld.authenticate(created.token().reveal()))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
        }

        @Test
        void authenticateWhenHmacCurrentKeyThenStoredHashIsKnownVector() {
            byte[] current = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
            store.insert(record("k-token", "alice", KNOWN_TOKEN_HMAC_K, "k"));
            ApiTokens tokens = open(builder().hashing(TokenHashing.hmacSha256("k", current)));
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
        }

        @Test
        void authenticateWhenStoreReturnsDifferentCaseHashThenUnknown() {
            store.insert(record("upper", "alice", KNOWN_TOKEN_SHA256.toUpperCase(), TokenRecord.SHA256_KEY_ID));
            ApiTokens tokens = open(ApiTokens.builder().clock(clock).store(new ForwardingTokenStore(store) {
                @Override
                public java.util.Optional<TokenRecord> findByHash(String hash) {
                    return super.findByHash(hash.toUpperCase());
                }
            }));
            assertThat(tokens.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
        }

        @Test
        void authenticateWhenLegacyAcceptedThenSpeakrTokenAuthenticatesElseMalformed() {
            store.insert(record("legacy", "alice", LEGACY_TOKEN_SHA256, TokenRecord.SHA256_KEY_ID));
            ApiTokens accepting = open(builder().acceptLegacyTokens(true));
            ApiTokens refusing = tokens();
            assertThat(accepting.authenticate(LEGACY_TOKEN)).isInstanceOfSatisfying(
                    AuthenticationResult.Authenticated.class, ok -> assertThat(ok.principal().owner()).isEqualTo("alice"));
            assertThat(refusing.authenticate(LEGACY_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
            assertThat(accepting.authenticate(LEGACY_TOKEN.substring(0, 42) + "!"))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
        }
    }

    @Nested
    class Expiry {
        @Test
        void authenticateWhenOneNanosecondBeforeExpiryThenAcceptedAndAtExpiryThenExpired() {
            ApiTokens tokens = tokens();
            CreatedToken created = tokens.create("alice", "ci", Expiration.after(Duration.ofDays(7)));
            Instant expiresAt = created.info().expiresAt();
            assertThat(expiresAt).isEqualTo(T0.plus(Duration.ofDays(7)));
            clock.set(expiresAt.minusNanos(1));
            assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            clock.set(expiresAt);
            assertThat(tokens.authenticate(created.token().reveal()))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.EXPIRED));
            assertThat(tokens.list("alice").get(0).status()).isEqualTo(TokenStatus.EXPIRED);
        }

        @Test
        void createWithEachExpirationOptionThenExpiresAccordingly() {
            ApiTokens tokens = tokens();
            assertThat(tokens.create("alice", "never", Expiration.never()).info().expiresAt()).isNull();
            for (int days : List.of(7, 30, 90, 365)) {
                assertThat(tokens.create("alice", "d" + days, Expiration.after(Duration.ofDays(days))).info().expiresAt())
                        .isEqualTo(T0.plus(Duration.ofDays(days)));
            }
            Instant explicit = T0.plusSeconds(5);
            CreatedToken created = tokens.create("alice", "explicit", Expiration.at(explicit));
            assertThat(created.info().expiresAt()).isEqualTo(explicit);
            clock.set(explicit);
            assertThat(tokens.authenticate(created.token().reveal()))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.EXPIRED));
        }

        @Test
        void createWhenExplicitInstantNotInFutureThenRefused() {
            ApiTokens tokens = tokens();
            assertThatThrownBy(() -> tokens.create("alice", "past", Expiration.at(T0.minusSeconds(1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expiration: expected an instant after 2026-01-01T10:00:00Z, got '2026-01-01T09:59:59Z'");
            assertThatThrownBy(() -> tokens.create("alice", "now", Expiration.at(T0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expiration: expected an instant after ");
            assertThatThrownBy(() -> Expiration.after(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expiration: expected a positive duration of at least 1ms, got '0'");
        }

        @Test
        void createWhenMaxLifetimeThenNeverAndLongerLifetimesRefused() {
            ApiTokens tokens = open(builder().maxLifetime(Duration.ofDays(90)));
            assertThatThrownBy(() -> tokens.create("alice", "never", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expiration: expected an expiry at most max-lifetime 90d after 2026-01-01T10:00:00Z,"
                            + " got 'never'");
            assertThatThrownBy(() -> tokens.create("alice", "year", Expiration.after(Duration.ofDays(365))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expiration: expected an expiry at most max-lifetime 90d after 2026-01-01T10:00:00Z,"
                            + " got '2027-01-01T10:00:00Z'");
            assertThat(tokens.create("alice", "ninety", Expiration.after(Duration.ofDays(90))).info().status()).isEqualTo(TokenStatus.ACTIVE);
            assertThat(store.inserts).hasValue(1);
        }
    }

    @Nested
    class Revocation {
        @Test
        void revokeThenCachedTokenIsRejectedRevoked() {
            ApiTokens tokens = tokens();
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            String token = created.token().reveal();
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
            assertThat(tokens.revoke("alice", created.info().id())).isTrue();
            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            TokenInfo info = tokens.list("alice").get(0);
            assertThat(info.status()).isEqualTo(TokenStatus.REVOKED);
            assertThat(info.revokedAt()).isEqualTo(T0);
        }

        @Test
        void revokeTwiceThenIdempotentAndFirstInstantKept() {
            List<TokenEvent> events = new ArrayList<>();
            ApiTokens tokens = open(builder().eventListener(events::add));
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            assertThat(tokens.revoke("alice", created.info().id())).isTrue();
            clock.advance(Duration.ofMinutes(5));
            assertThat(tokens.revoke("alice", created.info().id())).isTrue();
            assertThat(tokens.list("alice").get(0).revokedAt()).isEqualTo(T0);
            assertThat(events).filteredOn(TokenEvent.Revoked.class::isInstance).hasSize(1);
        }

        @Test
        void revokeAllThenEveryActiveTokenOfOwnerRevokedOnly() {
            ApiTokens tokens = tokens();
            String a1 = tokens.create("alice", "one", Expiration.never()).token().reveal();
            String a2 = tokens.create("alice", "two", Expiration.after(Duration.ofDays(7))).token().reveal();
            String b1 = tokens.create("bob", "bob's", Expiration.never()).token().reveal();
            tokens.authenticate(a1);
            assertThat(tokens.revokeAll("alice")).isEqualTo(2);
            assertThat(tokens.revokeAll("alice")).isZero();
            assertThat(tokens.authenticate(a1)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(tokens.authenticate(a2)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(tokens.authenticate(b1).isAuthenticated()).isTrue();
        }

        @Test
        void ownerCannotRevokeListOrSeeAnotherOwnersTokens() {
            ApiTokens tokens = tokens();
            CreatedToken alices = tokens.create("alice", "alice's", Expiration.never());
            assertThat(tokens.revoke("bob", alices.info().id())).isFalse();
            assertThat(tokens.revoke("bob", "no-such-id")).isFalse();
            assertThat(tokens.list("bob")).isEmpty();
            assertThat(tokens.revokeAll("bob")).isZero();
            assertThat(tokens.authenticate(alices.token().reveal()).isAuthenticated()).isTrue();
            assertThat(tokens.list("alice")).extracting(TokenInfo::status).containsExactly(TokenStatus.ACTIVE);
        }

        @Test
        void revokeOnOtherNodeThenFeedEvictsCachedToken() throws Exception {
            InMemoryTokenStore shared = new InMemoryTokenStore();
            ApiTokens node1 = open(ApiTokens.builder().store(shared).revocationPollInterval(Duration.ofMillis(20)));
            ApiTokens node2 = open(ApiTokens.builder().store(shared).revocationPollInterval(Duration.ofMillis(20)));
            CreatedToken created = node1.create("alice", "ci", Expiration.never());
            String token = created.token().reveal();
            assertThat(node2.authenticate(token).isAuthenticated()).isTrue();
            node1.revoke("alice", created.info().id());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (node2.authenticate(token).isAuthenticated() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(node2.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        }
    }

    @Nested
    class LastUsed {
        @Test
        void tenThousandAuthenticationsInOneIntervalThenAtMostOneWriteAndCloseFlushesLatest() {
            ApiTokens tokens = tokens();
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            for (int i = 0; i < 10_000; i++) {
                clock.advance(Duration.ofMillis(1));
                assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            }
            assertThat(store.lastUsedBatches).isEmpty();
            tokens.close();
            assertThat(store.lastUsedBatches).containsExactly(Map.of(created.info().id(), T0.plusSeconds(10)));
            assertThat(store.findByOwner("alice").get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(10));
        }

        @Test
        void usesInAnyOrderThenTheLatestIsWrittenToTheMillisecond() {
            ApiTokens tokens = tokens();
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            for (long micros : new long[] {2_700, 2_100, 1_500, 2_999}) {
                clock.set(T0.plus(Duration.ofNanos(micros * 1_000)));
                assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            }
            tokens.close();
            assertThat(store.lastUsedBatches).containsExactly(Map.of(created.info().id(), T0.plusMillis(2)));
        }

        @Test
        void backgroundFlushThenOneBatchPerInterval() throws Exception {
            ApiTokens tokens = open(builder().lastUsedWriteInterval(Duration.ofMillis(200)));
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
            int authentications = 0;
            while (System.nanoTime() < end) {
                tokens.authenticate(created.token().reveal());
                authentications++;
            }
            tokens.close();
            assertThat(authentications).isGreaterThan(100);
            assertThat(store.lastUsedBatches).hasSizeBetween(1, 5)
                    .allSatisfy(batch -> assertThat(batch).containsOnlyKeys(created.info().id()));
        }

        @Test
        void lastUsedWriteThrowsThenAuthenticationStillSucceedsAndLaterFlushRetries() {
            ApiTokens tokens = tokens();
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            store.failUpdateLastUsed(new IllegalStateException("database on fire"));
            try (LogCapture logs = new LogCapture()) {
                assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
                tokens.flushLastUsed();
                assertThat(logs.lines()).anySatisfy(line ->
                        assertThat(line).startsWith("Could not write last-used instants of 1 tokens"));
            }
            assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            store.failUpdateLastUsed(null);
            tokens.flushLastUsed();
            assertThat(store.findByOwner("alice").get(0).lastUsedAt()).isEqualTo(T0);
            assertThat(tokens.list("alice").get(0).lastUsedAt()).isEqualTo(T0);
        }
    }

    @Nested
    class Caching {
        @Test
        void secondAuthenticationThenNoStoreCall() {
            ApiTokens tokens = tokens();
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            tokens.authenticate(token);
            int lookups = store.findByHash.get();
            assertThat(lookups).isEqualTo(1);
            for (int i = 0; i < 100; i++) {
                assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
            }
            assertThat(store.findByHash).hasValue(lookups);
        }

        @Test
        void cachedTokenWhenCacheTtlPassedOnTheServiceClockThenReadFromStoreAgain() {
            ApiTokens tokens = open(builder().cacheTtl(Duration.ofSeconds(30)).revocationPollInterval(Duration.ZERO));
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            String token = created.token().reveal();
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
            // Revoked behind this node's back, as another node does when the revocation feed is off.
            store.revoke("alice", created.info().id(), clock.instant(), RevocationReason.MANUAL);

            clock.advance(Duration.ofSeconds(30).minusMillis(1));
            assertThat(tokens.authenticate(token).isAuthenticated()).as("still cached 1 ms before the TTL").isTrue();
            assertThat(store.findByHash).hasValue(1);

            clock.advance(Duration.ofMillis(1));
            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(store.findByHash).as("stale at the TTL, so read again").hasValue(2);
            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(store.findByHash).as("a revoked verdict is final and stays cached").hasValue(2);
        }

        @Test
        void tenThousandAttemptsWithOneUnknownTokenThenHandfulOfLookups() {
            ApiTokens tokens = tokens();
            for (int i = 0; i < 10_000; i++) {
                assertThat(tokens.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            }
            assertThat(store.findByHash.get()).isBetween(1, 3);
        }

        @Test
        void storeFailureThenExceptionAndNothingCached() {
            ApiTokens tokens = tokens();
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            store.failFindByHash(new IllegalStateException("connection refused"));
            assertThatThrownBy(() -> tokens.authenticate(token))
                    .isInstanceOf(TokenStoreException.class)
                    .hasMessage("token store failed on findByHash: java.lang.IllegalStateException")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> tokens.authenticate(KNOWN_TOKEN)).isInstanceOf(TokenStoreException.class);
            store.failFindByHash(null);
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
            store.insert(record("late", "alice", KNOWN_TOKEN_SHA256, TokenRecord.SHA256_KEY_ID));
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
        }

        @Test
        void storeReturnsNullInsteadOfEmptyThenStoreFailureNotRejection() {
            ApiTokens tokens = open(ApiTokens.builder().clock(clock).store(new ForwardingTokenStore(store) {
                @Override
                public java.util.Optional<TokenRecord> findByHash(String hash) {
                    return null;
                }
            }));
            assertThatThrownBy(() -> tokens.authenticate(KNOWN_TOKEN))
                    .isInstanceOf(TokenStoreException.class)
                    .hasMessage("token store broke its contract: findByHash returned null");
        }

        @Test
        void storeThrowsTokenStoreExceptionThenSameExceptionPropagates() {
            ApiTokens tokens = tokens();
            TokenStoreException timeout = new TokenStoreException("findByHash timed out after PT2S");
            store.failFindByHash(timeout);
            assertThatThrownBy(() -> tokens.authenticate(KNOWN_TOKEN)).isSameAs(timeout);
        }
    }

    @Nested
    class Validation {
        @Test
        void createWhenNameInvalidThenIllegalArgumentWithClearMessage() {
            ApiTokens tokens = tokens();
            assertThatThrownBy(() -> tokens.create("alice", "", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be empty or blank");
            assertThatThrownBy(() -> tokens.create("alice", " \t ", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be empty or blank");
            assertThatThrownBy(() -> tokens.create("alice", "x".repeat(101), Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name must be at most 100 characters after trimming, was 101");
            assertThatThrownBy(() -> tokens.create("alice", "bell\u0007", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name: expected " + Names.NAME_CHARACTERS_RULE + ", got 'U+0007 at index 4'");
            assertThatThrownBy(() -> tokens.create("alice", "line\nbreak", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name: expected " + Names.NAME_CHARACTERS_RULE + ", got 'U+000A at index 4'");
            assertThat(store.inserts).hasValue(0);
        }

        @Test
        void createWhenNameHasSurroundingSpaceOrHundredCharactersThenStoredTrimmed() {
            ApiTokens tokens = tokens();
            assertThat(tokens.create("alice", "  n8n prod  ", Expiration.never()).info().name()).isEqualTo("n8n prod");
            String hundred = "é".repeat(99) + "🎙";
            assertThat(tokens.create("alice", hundred, Expiration.never()).info().name()).isEqualTo(hundred);
        }

        @Test
        void createWhenOwnerOrScopeInvalidThenIllegalArgument() {
            ApiTokens tokens = tokens();
            assertThatThrownBy(() -> tokens.create(" ", "ci", Expiration.never()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("owner must not be empty or blank");
            assertThatThrownBy(() -> tokens.create("alice", "ci", Expiration.never(), Set.of("has space")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("scopes: expected RFC 6749 scope tokens of 1 to 64 printable ASCII characters without"
                            + " space, '\"' or '\\', got 'has space'");
            assertThatThrownBy(() -> tokens.create("alice", "ci", Expiration.never(), Set.of("")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(", got ''");
        }

        @Test
        void createWhenPerOwnerLimitReachedThenRefusedUntilOneIsRevoked() {
            ApiTokens tokens = open(builder().maxActiveTokensPerOwner(2));
            CreatedToken first = tokens.create("alice", "one", Expiration.never());
            tokens.create("alice", "two", Expiration.never());
            assertThatThrownBy(() -> tokens.create("alice", "three", Expiration.never()))
                    .isInstanceOf(TokenLimitExceededException.class)
                    .hasMessage("owner 'alice' already has 2 active tokens; max-active-tokens-per-owner is 2");
            assertThat(tokens.create("bob", "bob's", Expiration.never()).info().status()).isEqualTo(TokenStatus.ACTIVE);
            tokens.revoke("alice", first.info().id());
            assertThat(tokens.create("alice", "three", Expiration.never()).info().name()).isEqualTo("three");
        }
    }

    @Nested
    class Listing {
        @Test
        void listThenNewestFirstWithScopesAndHintAndNoSecret() {
            ApiTokens tokens = tokens();
            CreatedToken older = tokens.create("alice", "older", Expiration.never(), Set.of("tags:read", "recordings:read"));
            clock.advance(Duration.ofSeconds(1));
            CreatedToken newer = tokens.create("alice", "newer", Expiration.after(Duration.ofDays(30)));
            List<TokenInfo> list = tokens.list("alice");
            assertThat(list).extracting(TokenInfo::name).containsExactly("newer", "older");
            assertThat(list.get(1).scopes()).containsExactly("recordings:read", "tags:read");
            String plaintext = older.token().reveal();
            assertThat(list.get(1).hint()).isEqualTo("spk_…" + plaintext.substring(plaintext.length() - 4));
            assertThat(list.get(0).expiresAt()).isEqualTo(T0.plusSeconds(1).plus(Duration.ofDays(30)));
            assertThat(list.toString()).doesNotContain(plaintext).doesNotContain(newer.token().reveal());
        }
    }

    @Nested
    class Events {
        @Test
        void listenerSeesCreatedRevokedAuthenticatedAndRejectedWithIdAndOwner() {
            List<TokenEvent> events = new ArrayList<>();
            ApiTokens tokens = open(builder().eventListener(events::add));
            CreatedToken created = tokens.create("alice", "ci", Expiration.after(Duration.ofDays(7)));
            String id = created.info().id();
            String token = created.token().reveal();
            tokens.authenticate(token);
            tokens.authenticate("garbage");
            tokens.authenticate(KNOWN_TOKEN);
            tokens.revoke("alice", id);
            tokens.authenticate(token);
            CreatedToken expiring = tokens.create("alice", "short", Expiration.at(T0.plusSeconds(1)));
            clock.advance(Duration.ofSeconds(1));
            tokens.authenticate(expiring.token().reveal());

            Instant later = T0.plusSeconds(1);
            assertThat(events).containsExactly(
                    new TokenEvent.Created(id, "alice", T0),
                    new TokenEvent.AuthenticationSucceeded(id, "alice", T0),
                    new TokenEvent.AuthenticationFailed(RejectionReason.MALFORMED, null, null, T0),
                    new TokenEvent.AuthenticationFailed(RejectionReason.UNKNOWN, null, null, T0),
                    new TokenEvent.Revoked(id, "alice", RevocationReason.MANUAL, T0),
                    new TokenEvent.AuthenticationFailed(RejectionReason.REVOKED, id, "alice", T0),
                    new TokenEvent.Created(expiring.info().id(), "alice", T0),
                    new TokenEvent.AuthenticationFailed(RejectionReason.EXPIRED, expiring.info().id(), "alice", later));
        }

        @Test
        void listenerThrowsThenOutcomeUnchanged() {
            ApiTokens tokens = open(builder().eventListener(event -> {
                throw new IllegalStateException("listener bug");
            }));
            CreatedToken created = tokens.create("alice", "ci", Expiration.never());
            assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
        }
    }
}
