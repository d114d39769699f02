package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.MutableClock;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.core.spi.RevocationSource;

/**
 * Behaviour that mutation testing (PIT) found unchecked in the revocation, expiry, checksum and comparison code:
 * each test here kills mutants that survived the rest of the suite.
 */
class ApiTokensHardeningTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String KNOWN_TOKEN = ApiTokensTest.KNOWN_TOKEN;
    static final String KNOWN_TOKEN_SHA256 = ApiTokensTest.KNOWN_TOKEN_SHA256;

    final MutableClock clock = new MutableClock(T0);
    final CountingTokenStore store = new CountingTokenStore();
    final List<ApiTokens> opened = new ArrayList<>();

    ApiTokens open(ApiTokens.Builder builder) {
        ApiTokens tokens = builder.build();
        opened.add(tokens);
        return tokens;
    }

    ApiTokens.Builder builder() {
        return ApiTokens.builder().store(store).clock(clock).lastUsedWriteInterval(Duration.ofHours(1))
                .revocationPollInterval(Duration.ZERO);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ApiTokens::close);
    }

    static TokenRecord imported(String id, String owner, String hash) {
        return new TokenRecord(id, owner, "imported", hash, TokenRecord.SHA256_KEY_ID, "spk_…iaDm", Set.of(), T0,
                null, null, null, null, null);
    }

    /** A revocation source the test drives by hand. */
    static final class HandDrivenSource implements RevocationSource {
        java.util.function.Consumer<String> revokedHashes;
        int starts;
        int closes;

        @Override
        public void start(java.util.function.Consumer<String> revokedHashes) {
            this.revokedHashes = revokedHashes;
            starts++;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @Nested
    class Eviction {
        final HandDrivenSource source = new HandDrivenSource();

        @Test
        void revocationSourceWhenBuiltThenStartedOnceAndClosedWithTheService() {
            ApiTokens tokens = ApiTokens.builder().store(store).revocationSource(source).build();
            assertThat(source.starts).isEqualTo(1);
            assertThat(tokens.toString()).contains("revocation-source=" + HandDrivenSource.class.getName());
            tokens.close();
            tokens.close();
            assertThat(source.closes).isEqualTo(1);
        }

        @Test
        void evictWhenATokenWasImportedAfterItWasSeenAsUnknownThenItAuthenticates() {
            ApiTokens tokens = open(builder().revocationSource(source));
            assertThat(tokens.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            store.insert(imported("imported-1", "alice", KNOWN_TOKEN_SHA256));
            assertThat(tokens.authenticate(KNOWN_TOKEN)).as("still remembered as unknown")
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));

            source.revokedHashes.accept(KNOWN_TOKEN_SHA256);

            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
        }

        @Test
        void evictWhenRevokedInTheStoreByOtherMeansThenTheCachedSnapshotIsGone() {
            ApiTokens tokens = open(builder().revocationSource(source));
            store.insert(imported("imported-2", "bob", KNOWN_TOKEN_SHA256));
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
            store.revoke("bob", "imported-2", T0, RevocationReason.MANUAL);
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).as("cached").isTrue();

            source.revokedHashes.accept(KNOWN_TOKEN_SHA256.toUpperCase());

            assertThat(tokens.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        }

        @Test
        void evictWhenNotAHashThenNothingHappens() {
            ApiTokens tokens = open(builder().revocationSource(source));
            store.insert(imported("imported-3", "carol", KNOWN_TOKEN_SHA256));
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
            int lookups = store.findByHash.get();
            source.revokedHashes.accept("not a hash");
            source.revokedHashes.accept(KNOWN_TOKEN_SHA256.substring(1));
            source.revokedHashes.accept(null);
            assertThat(tokens.authenticate(KNOWN_TOKEN).isAuthenticated()).isTrue();
            assertThat(store.findByHash.get()).as("still answered from the cache").isEqualTo(lookups);
        }
    }

    @Nested
    class KeyRotation {
        @Test
        void tokenHashedUnderAPreviousKeyThenCachedUnderThatKeyAndAnsweredWithoutAStoreCall() {
            byte[] previous = "p".repeat(32).getBytes(StandardCharsets.US_ASCII);
            byte[] current = "c".repeat(32).getBytes(StandardCharsets.US_ASCII);
            ApiTokens old = open(builder().hashing(TokenHashing.hmacSha256("old", previous)));
            String token = old.create("alice", "before rotation", Expiration.never()).token().reveal();
            ApiTokens rotated = open(builder().hashing(TokenHashing.hmacSha256("new", current)
                    .withPreviousKey("old", previous)));

            AuthenticationResult first = rotated.authenticate(token);
            int lookups = store.findByHash.get();
            AuthenticationResult second = rotated.authenticate(token);

            assertThat(first.isAuthenticated()).isTrue();
            assertThat(second).isEqualTo(first);
            assertThat(store.findByHash.get()).isEqualTo(lookups);
        }
    }

    @Nested
    class KeyRotationUnknown {
        @Test
        void unknownTokenWithAPreviousKeyThenUnknownAfterOneLookupPerKeyAndNoBytesLeftBehind() throws Exception {
            byte[] previous = "p".repeat(32).getBytes(StandardCharsets.US_ASCII);
            byte[] current = "c".repeat(32).getBytes(StandardCharsets.US_ASCII);
            ApiTokens rotated = open(builder().hashing(TokenHashing.hmacSha256("new", current)
                    .withPreviousKey("old", previous).withPreviousKey("older", "o".repeat(32).getBytes(StandardCharsets.US_ASCII))));
            int lookups = store.findByHash.get();

            assertThat(rotated.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            assertThat(store.findByHash.get() - lookups).as("one lookup per key").isEqualTo(3);
            assertThat(rotated.authenticate(KNOWN_TOKEN)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            assertThat(store.findByHash.get() - lookups).as("then remembered as unknown").isEqualTo(3);

            // The pooled scratch keeps no copy of the presented token once authenticate returned.
            java.lang.reflect.Field field = ApiTokens.class.getDeclaredField("scratches");
            field.setAccessible(true);
            ScratchPool pool = (ScratchPool) field.get(rotated);
            assertThat(pool.pooled()).isEqualTo(1);
            TokenScratch scratch = pool.acquire();
            assertThat(scratch).isNotNull();
            assertThatThrownBy(scratch::length).isInstanceOf(NullPointerException.class);
            scratch.digest(0, KNOWN_TOKEN);
            assertThatThrownBy(scratch::length).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Format {
        /** {@code body} followed by the base62 CRC32 of its bytes: a checksum that matches, whatever the body. */
        private String withValidChecksum(String body) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body.getBytes(StandardCharsets.US_ASCII));
            return body + Base62.encode(crc.getValue(), 6);
        }

        @Test
        void aBodyCharacterOutsideBase62IsMalformedEvenWhenTheChecksumMatches() {
            ApiTokens tokens = open(builder());
            String good = withValidChecksum(KNOWN_TOKEN.substring(0, 47));
            assertThat(good).isEqualTo(KNOWN_TOKEN);
            int lookups = store.findByHash.get();
            for (char bad : new char[] {'-', '_', '+', '/', '=', '.', '~'}) {
                String value = withValidChecksum(KNOWN_TOKEN.substring(0, 20) + bad + KNOWN_TOKEN.substring(21, 47));
                assertThat(tokens.authenticate(value)).as(value)
                        .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
            }
            assertThat(store.findByHash.get()).isEqualTo(lookups);
        }
    }

    @Nested
    class RevokedCache {
        @Test
        void aRevokedTokenIsAnsweredFromTheCacheAfterOneLookup() {
            ApiTokens tokens = open(builder());
            CreatedToken created = tokens.create("alice", "a", Expiration.never());
            tokens.revoke("alice", created.info().id());
            int lookups = store.findByHash.get();
            for (int i = 0; i < 3; i++) {
                assertThat(tokens.authenticate(created.token().reveal()))
                        .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            }
            assertThat(store.findByHash.get() - lookups).isEqualTo(1);
        }
    }

    @Nested
    class Listing {
        @Test
        void listWhenTheStoreAlsoReturnsAnotherOwnersTokensThenOnlyTheOwnersAreListed() {
            TokenStore sloppy = new ForwardingTokenStore(store) {
                @Override
                public List<TokenRecord> findByOwner(String owner) {
                    List<TokenRecord> all = new ArrayList<>(store.findByOwner("alice"));
                    all.addAll(store.findByOwner("alice "));
                    return all;
                }
            };
            ApiTokens tokens = open(ApiTokens.builder().store(sloppy).clock(clock).revocationPollInterval(Duration.ZERO));
            tokens.create("alice", "mine", Expiration.never());
            tokens.create("alice ", "trailing space is another owner", Expiration.never());

            assertThat(tokens.list("alice")).extracting(TokenInfo::name).containsExactly("mine");
        }
    }

    @Nested
    class LastUsed {
        @Test
        void failedFlushIsRetriedByTheNextFlushEvenWithoutAnotherUse() {
            ApiTokens tokens = open(builder());
            CreatedToken a = tokens.create("alice", "a", Expiration.never());
            CreatedToken b = tokens.create("alice", "b", Expiration.never());
            assertThat(tokens.authenticate(a.token().reveal()).isAuthenticated()).isTrue();
            clock.advance(Duration.ofSeconds(5));
            assertThat(tokens.authenticate(b.token().reveal()).isAuthenticated()).isTrue();
            store.failUpdateLastUsed(new IllegalStateException("write failed"));
            tokens.flushLastUsed();

            store.failUpdateLastUsed(null);
            tokens.flushLastUsed();

            assertThat(store.lastUsedBatches).hasSize(2);
            assertThat(store.lastUsedBatches.get(1)).isEqualTo(Map.of(a.info().id(), T0, b.info().id(), T0.plusSeconds(5)));
        }

        @Test
        void failedFlushThenNewerUseThenTheNewerInstantIsWrittenNotTheOlder() {
            ApiTokens tokens = open(builder());
            CreatedToken a = tokens.create("alice", "a", Expiration.never());
            tokens.authenticate(a.token().reveal());
            store.failUpdateLastUsed(new IllegalStateException("write failed"));
            tokens.flushLastUsed();
            clock.advance(Duration.ofMinutes(3));
            tokens.authenticate(a.token().reveal());
            store.failUpdateLastUsed(null);
            tokens.flushLastUsed();
            assertThat(store.lastUsedBatches.get(1)).isEqualTo(Map.of(a.info().id(), T0.plusSeconds(180)));
        }
    }

    @Nested
    class BackgroundWork {
        /** A store whose last-used writes throw an Error (say a driver class that fails to load) until healed. */
        final class ErrorOnWrite extends ForwardingTokenStore {
            volatile boolean broken = true;
            final List<Map<String, Instant>> written = new java.util.concurrent.CopyOnWriteArrayList<>();

            ErrorOnWrite() {
                super(new InMemoryTokenStore());
            }

            @Override
            public void updateLastUsed(Map<String, Instant> lastUsedById) {
                if (broken) {
                    throw new NoClassDefFoundError("injected: org/example/jdbc/Driver");
                }
                written.add(Map.copyOf(lastUsedById));
                super.updateLastUsed(lastUsedById);
            }

            @Override
            public void updateLastUse(Map<String, org.speakr.token.core.spi.LastUse> usesById) {
                Map<String, Instant> instants = new java.util.HashMap<>();
                usesById.forEach((id, use) -> instants.put(id, use.at()));
                updateLastUsed(instants);
            }
        }

        @Test
        void flushFailsWithAnErrorThenLaterBackgroundFlushesStillRunAndLoseNothing() throws Exception {
            ErrorOnWrite store = new ErrorOnWrite();
            ApiTokens tokens = open(ApiTokens.builder().store(store).clock(clock).revocationPollInterval(Duration.ZERO)
                    .lastUsedWriteInterval(Duration.ofMillis(20)));
            CreatedToken created = tokens.create("alice", "a", Expiration.never());
            assertThat(tokens.authenticate(created.token().reveal()).isAuthenticated()).isTrue();
            Thread.sleep(200); // several background flushes fail with the Error

            store.broken = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (store.written.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(store.written).as("a background flush after the Error").isNotEmpty();
            assertThat(store.written.get(0)).isEqualTo(Map.of(created.info().id(), T0));
        }

        @Test
        void revocationFeedPollFailsWithAnErrorThenLaterPollsStillEvict() throws Exception {
            InMemoryTokenStore shared = new InMemoryTokenStore();
            java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
            TokenStore flakyFeed = new ForwardingTokenStore(shared) {
                @Override
                public List<TokenRecord> revokedSince(Instant since) {
                    if (broken.get()) {
                        throw new NoClassDefFoundError("injected: org/example/jdbc/Driver");
                    }
                    return super.revokedSince(since);
                }
            };
            ApiTokens node1 = open(ApiTokens.builder().store(shared).revocationPollInterval(Duration.ZERO));
            ApiTokens node2 = open(ApiTokens.builder().store(flakyFeed).revocationPollInterval(Duration.ofMillis(20)));
            CreatedToken created = node1.create("alice", "a", Expiration.never());
            String token = created.token().reveal();
            assertThat(node2.authenticate(token).isAuthenticated()).isTrue();
            Thread.sleep(100); // several polls fail with the Error

            node1.revoke("alice", created.info().id());
            broken.set(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (node2.authenticate(token).isAuthenticated() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(node2.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void maintenanceThreadIsADaemonAndCloseDoesNotWaitForTheNextScheduledFlush() throws Exception {
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            ApiTokens tokens = ApiTokens.builder().store(store).lastUsedWriteInterval(Duration.ofHours(1))
                    .revocationPollInterval(Duration.ofHours(1)).build();
            List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("speakr-token-maintenance") && !before.contains(t))
                    .toList();
            assertThat(started).hasSize(1);
            assertThat(started.get(0).isDaemon()).isTrue();

            long start = System.nanoTime();
            tokens.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(started.get(0).isAlive()).as("the maintenance thread has ended when close() returns").isFalse();
        }

        @Test
        void diagnosticsDescribeWithoutSecrets() {
            ApiTokens tokens = open(builder());
            tokens.create("alice", "a", Expiration.never());
            assertThat(new TokenFormat("spk", true).toString())
                    .isEqualTo("spk_<43 base62><6 base62 CRC32> or legacy base64url(32 bytes)");
            assertThat(new TokenFormat("abc", false).toString()).isEqualTo("abc_<43 base62><6 base62 CRC32>");
            InMemoryTokenStore memory = new InMemoryTokenStore();
            memory.insert(imported("x", "alice", KNOWN_TOKEN_SHA256));
            assertThat(memory.toString()).isEqualTo("InMemoryTokenStore[1 tokens]");
            TokenCache cache = new TokenCache(10, Duration.ofMinutes(1), 10, Duration.ofMinutes(1), T0);
            cache.load(Digest.fromHex(KNOWN_TOKEN_SHA256), T0, digest -> imported("x", "alice", KNOWN_TOKEN_SHA256));
            assertThat(cache.size()).isEqualTo(1);
            cache.load(Digest.fromHex(ApiTokensTest.LEGACY_TOKEN_SHA256), T0, digest -> imported("y", "bob",
                    ApiTokensTest.LEGACY_TOKEN_SHA256).withRevocation(T0, RevocationReason.MANUAL));
            assertThat(cache.size()).isEqualTo(2);
            LastUsedWriter writer = new LastUsedWriter(new InMemoryTokenStore(), java.time.Clock.systemUTC());
            writer.record("x", T0, ClientInfo.unknown());
            writer.record("y", T0, ClientInfo.unknown());
            assertThat(writer.pendingCount()).isEqualTo(2);
        }
    }

    @Nested
    class Builder {
        @Test
        void everySetterReturnsTheSameBuilder() {
            ApiTokens.Builder builder = ApiTokens.builder();
            assertThat(builder.store(store)).isSameAs(builder);
            assertThat(builder.clock(clock)).isSameAs(builder);
            assertThat(builder.tokenPrefix("abc")).isSameAs(builder);
            assertThat(builder.hashing(TokenHashing.sha256())).isSameAs(builder);
            assertThat(builder.acceptLegacyTokens(true)).isSameAs(builder);
            assertThat(builder.cacheMaximumSize(5)).isSameAs(builder);
            assertThat(builder.cacheTtl(Duration.ofMillis(1))).isSameAs(builder);
            assertThat(builder.negativeCacheMaximumSize(5)).isSameAs(builder);
            assertThat(builder.negativeCacheTtl(Duration.ofMillis(1))).isSameAs(builder);
            assertThat(builder.lastUsedWriteInterval(Duration.ofMillis(1))).isSameAs(builder);
            assertThat(builder.revocationPollInterval(Duration.ofMillis(1))).isSameAs(builder);
            assertThat(builder.maxLifetime(Duration.ofMillis(1))).isSameAs(builder);
            assertThat(builder.maxActiveTokensPerOwner(1)).isSameAs(builder);
            assertThat(builder.eventListener(event -> { })).isSameAs(builder);
            assertThat(builder.revocationSource(new HandDrivenSource())).isSameAs(builder);
            assertThat(builder.apply(Map.of())).isSameAs(builder);
        }

        @Test
        void oneMillisecondIsTheSmallestIntervalAndIsAccepted() {
            ApiTokens tokens = open(ApiTokens.builder().store(store).cacheTtl(Duration.ofMillis(1)).negativeCacheTtl(Duration.ofMillis(1))
                    .lastUsedWriteInterval(Duration.ofMillis(1)).revocationPollInterval(Duration.ofMillis(1)));
            assertThat(tokens.toString()).contains("cache-ttl=1ms");
            assertThatThrownBy(() -> ApiTokens.builder().revocationPollInterval(Duration.ofNanos(999_999)))
                    .hasMessage("revocation-poll-interval: expected 0 (off) or a duration of at least 1ms, got 'PT0.000999999S'");
            assertThatThrownBy(() -> ApiTokens.builder().cacheTtl(Duration.ofNanos(999_999)))
                    .hasMessage("cache-ttl: expected a positive duration of at least 1ms, got 'PT0.000999999S'");
        }
    }
}
