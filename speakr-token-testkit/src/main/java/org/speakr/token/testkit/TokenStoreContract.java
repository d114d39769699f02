package org.speakr.token.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.Page;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenStatus;
import org.speakr.token.core.TokenStoreException;

/**
 * The contract of {@link TokenStore}, run against every implementation: subclass it and return a new,
 * empty store from {@link #createStore()}.
 *
 * <p>Instants are compared exactly where they have millisecond precision (the precision the contract
 * promises); finer instants must round-trip to within one millisecond. Instant tests run with the JVM
 * default time zone set far from UTC, so a store that converts through the local zone fails.
 */
public abstract class TokenStoreContract {
    /** UTC+14, as far from UTC as a real zone gets. */
    protected static final TimeZone FAR_FROM_UTC = TimeZone.getTimeZone("Pacific/Kiritimati");

    private static final Instant T0 = Instant.parse("2026-03-29T01:30:00.123Z");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The store under test, new and empty for each test. */
    protected TokenStore store;

    /**
     * @return a new, empty store; called before each test
     */
    protected abstract TokenStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    // ---------------------------------------------------------------- insert and find

    @Test
    void insertThenFindByHashReturnsTheSameRecord() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        assertThat(store.findByHash(record.hash())).contains(record);
    }

    @Test
    void findByHashWhenUnknownThenEmpty() {
        store.insert(record("alice").build());

        assertThat(store.findByHash(hash(999_999))).isEmpty();
    }

    @Test
    void findByHashMatchesExactlyNotIgnoringCase() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        assertThat(store.findByHash(record.hash().toUpperCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void findByOwnerReturnsOnlyThatOwnersTokensRevokedAndExpiredIncluded() {
        TokenRecord active = record("alice").build();
        TokenRecord expired = record("alice").expiresAt(T0.minusSeconds(60)).build();
        TokenRecord revoked = record("alice").revokedAt(T0.plusSeconds(1)).build();
        TokenRecord bobs = record("bob").build();
        for (TokenRecord r : List.of(active, expired, revoked, bobs)) {
            store.insert(r);
        }

        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(active, expired, revoked);
        assertThat(store.findByOwner("bob")).containsExactly(bobs);
    }

    @Test
    void findByOwnerWhenNoTokensThenEmpty() {
        store.insert(record("alice").build());

        assertThat(store.findByOwner("carol")).isEmpty();
    }

    @Test
    void findByOwnerDistinguishesCaseAndTrailingSpaces() {
        TokenRecord lower = record("alice").build();
        store.insert(lower);
        store.insert(record("Alice").build());
        store.insert(record("alice ").build());

        assertThat(store.findByOwner("alice")).containsExactly(lower);
    }

    @Test
    void insertWhenIdExistsThenTokenStoreExceptionAndOriginalKept() {
        TokenRecord original = record("alice").build();
        store.insert(original);
        TokenRecord sameId = record("bob").id(original.id()).build();

        assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(TokenStoreException.class);
        assertThat(store.findByHash(original.hash())).contains(original);
        assertThat(store.findByHash(sameId.hash())).isEmpty();
    }

    @Test
    void insertWhenHashExistsThenTokenStoreExceptionAndOriginalKept() {
        TokenRecord original = record("alice").build();
        store.insert(original);
        TokenRecord sameHash = record("bob").hash(original.hash()).build();

        assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(TokenStoreException.class);
        assertThat(store.findByHash(original.hash())).contains(original);
        assertThat(store.findByOwner("bob")).isEmpty();
    }

    @Test
    void insertKeepsNullOptionalFieldsNull() {
        TokenRecord record = record("alice").expiresAt(null).lastUsedAt(null).revokedAt(null).scopes(Set.of()).build();
        store.insert(record);

        TokenRecord found = store.findByHash(record.hash()).orElseThrow();
        assertThat(found.expiresAt()).isNull();
        assertThat(found.lastUsedAt()).isNull();
        assertThat(found.revokedAt()).isNull();
        assertThat(found.scopes()).isEmpty();
        assertThat(found).isEqualTo(record);
    }

    @Test
    void hashKeyIdAndHintRoundTrip() {
        TokenRecord record = record("alice").hashKeyId("pepper-2026.01_a").hint("spk_…a1B2").build();
        store.insert(record);

        TokenRecord found = store.findByHash(record.hash()).orElseThrow();
        assertThat(found.hashKeyId()).isEqualTo("pepper-2026.01_a");
        assertThat(found.hint()).isEqualTo("spk_…a1B2");
    }

    static Stream<Set<String>> scopeSets() {
        return Stream.of(Set.of(), Set.of("recordings:read"),
                Set.of("tokens:write", "recordings:read", "tags:read"),
                Set.of("a/b", "!#$%&'()*+,-./", "~[]^_`{|}", "x"));
    }

    @ParameterizedTest
    @MethodSource("scopeSets")
    void scopesRoundTrip(Set<String> scopes) {
        TokenRecord record = record("alice").scopes(scopes).build();
        store.insert(record);

        assertThat(store.findByHash(record.hash()).orElseThrow().scopes()).isEqualTo(scopes);
        assertThat(store.findByOwner("alice").get(0).scopes()).isEqualTo(scopes);
    }

    // ---------------------------------------------------------------- verbatim strings

    static Stream<String> awkwardStrings() {
        return Stream.of(
                "O'Brien",
                "\"double\" and 'single' quotes",
                "'; DROP TABLE speakr_api_tokens; --",
                "\\'; DROP TABLE users; -- \\",
                "Robert'); DELETE FROM speakr_api_tokens WHERE ('1'='1",
                "%_ like wildcards _%",
                "emoji 🔑🚀 and 👩‍💻",
                "🔑".repeat(100),
                "x".repeat(100),
                "Ünïcødé ÅÄÖ ß 日本語 עברית",
                "e\u0301 (decomposed) vs \u00e9 (composed)",
                "  leading and trailing spaces  ",
                "$1 ${table} ? :name");
    }

    @ParameterizedTest
    @MethodSource("awkwardStrings")
    void namesRoundTripVerbatim(String name) {
        TokenRecord record = record("alice").name(name).build();
        store.insert(record);

        assertThat(store.findByHash(record.hash()).orElseThrow().name()).isEqualTo(name);
        assertThat(store.findByOwner("alice")).extracting(TokenRecord::name).containsExactly(name);
    }

    @ParameterizedTest
    @MethodSource("awkwardStrings")
    void ownersRoundTripVerbatimAndSelectOnlyTheirTokens(String owner) {
        TokenRecord record = record(owner).build();
        store.insert(record);
        store.insert(record("alice").build());

        assertThat(store.findByHash(record.hash()).orElseThrow().owner()).isEqualTo(owner);
        assertThat(store.findByOwner(owner)).containsExactly(record);
        assertThat(store.revoke(owner, record.id(), T0, RevocationReason.MANUAL)).contains(record);
        assertThat(store.revokeAll(owner, T0, RevocationReason.ALL)).isEmpty();
        assertThat(store.findByOwner("alice")).hasSize(1);
    }

    @Test
    void ownerOf255CharactersRoundTrips() {
        String owner = "o".repeat(254) + "'";
        TokenRecord record = record(owner).build();
        store.insert(record);

        assertThat(store.findByOwner(owner)).containsExactly(record);
    }

    // ---------------------------------------------------------------- instants

    static Stream<Instant> instants() {
        return Stream.of(
                Instant.parse("2026-03-29T01:30:00.123456789Z"),
                Instant.parse("2026-10-25T00:59:59.999999999Z"),
                Instant.parse("1970-01-01T00:00:00.001Z"),
                Instant.parse("2000-02-29T23:59:59.5Z"),
                Instant.parse("2999-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"));
    }

    @ParameterizedTest
    @MethodSource("instants")
    void instantsRoundTripToTheMillisecondOrBetterInAZoneFarFromUtc(Instant instant) {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(FAR_FROM_UTC);
        try {
            TokenRecord record = record("alice").createdAt(instant).expiresAt(instant.plusMillis(1)).build();
            store.insert(record);
            store.updateLastUsed(Map.of(record.id(), instant.plusMillis(2)));
            store.revoke("alice", record.id(), instant.plusMillis(3), RevocationReason.MANUAL);

            TokenRecord found = store.findByHash(record.hash()).orElseThrow();
            assertWithinAMillisecond(found.createdAt(), instant);
            assertWithinAMillisecond(found.expiresAt(), instant.plusMillis(1));
            assertWithinAMillisecond(found.lastUsedAt(), instant.plusMillis(2));
            assertWithinAMillisecond(found.revokedAt(), instant.plusMillis(3));
            assertThat(found.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void millisecondInstantsRoundTripExactlyInAZoneFarFromUtc() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(FAR_FROM_UTC);
        try {
            Instant expires = Instant.parse("2026-06-30T23:59:59.999Z");
            TokenRecord record = record("alice").createdAt(T0).expiresAt(expires).lastUsedAt(T0.plusMillis(7))
                    .revokedAt(T0.plusMillis(9)).build();
            store.insert(record);

            assertThat(store.findByHash(record.hash())).contains(record);
            assertThat(store.findByOwner("alice")).containsExactly(record);
            assertThat(store.revokedSince(T0.plusMillis(9))).containsExactly(record);
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void expiryIsDecidedIdenticallyAfterARoundTripInAZoneFarFromUtc() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(FAR_FROM_UTC);
        try {
            Instant expires = Instant.parse("2026-07-01T00:00:00Z");
            TokenRecord record = record("alice").expiresAt(expires).build();
            store.insert(record);

            TokenRecord found = store.findByHash(record.hash()).orElseThrow();
            assertThat(found.statusAt(expires.minusMillis(1))).isEqualTo(TokenStatus.ACTIVE);
            assertThat(found.statusAt(expires)).isEqualTo(TokenStatus.EXPIRED);
            assertThat(found.statusAt(expires.plusMillis(1))).isEqualTo(TokenStatus.EXPIRED);
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    // ---------------------------------------------------------------- pages of an owner's tokens

    @Test
    void findByOwnerPageIsNewestFirstWithTheOwnersTotal() {
        List<TokenRecord> alices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TokenRecord record = record("alice").createdAt(T0.plusSeconds(i)).build();
            alices.add(0, record);
            store.insert(record);
        }
        TokenRecord sameInstantA = record("alice").createdAt(T0.minusSeconds(10)).build();
        TokenRecord sameInstantB = record("alice").createdAt(T0.minusSeconds(10)).build();
        store.insert(sameInstantA);
        store.insert(sameInstantB);
        store.insert(record("bob").build());
        store.insert(record("alice ").build());
        store.insert(record("Alice").build());
        List<TokenRecord> tie = sameInstantA.id().compareTo(sameInstantB.id()) > 0
                ? List.of(sameInstantA, sameInstantB) : List.of(sameInstantB, sameInstantA);

        Page<TokenRecord> first = store.findByOwner("alice", 1, 2);
        Page<TokenRecord> third = store.findByOwner("alice", 3, 2);
        Page<TokenRecord> fourth = store.findByOwner("alice", 4, 2);
        Page<TokenRecord> past = store.findByOwner("alice", 9, 2);

        assertThat(first.items()).containsExactly(alices.get(0), alices.get(1));
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.totalPages()).isEqualTo(4);
        assertThat(third.items()).containsExactly(alices.get(4), tie.get(0));
        assertThat(fourth.items()).containsExactly(tie.get(1));
        assertThat(past.items()).isEmpty();
        assertThat(past.total()).isEqualTo(7);
        assertThat(store.findByOwner("nobody", 1, 100).items()).isEmpty();
        assertThat(store.findByOwner("nobody", 1, 100).total()).isZero();
    }

    // ---------------------------------------------------------------- revocation reasons and child tokens

    @Test
    void revokeStoresTheReasonWhichTheFeedAndTheListShow() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        store.revoke("alice", record.id(), T0, RevocationReason.LEAKED);

        TokenRecord revoked = record.withRevocation(T0, RevocationReason.LEAKED);
        assertThat(store.findByHash(record.hash())).contains(revoked);
        assertThat(store.findByOwner("alice")).containsExactly(revoked);
        assertThat(store.revokedSince(T0)).containsExactly(revoked);
    }

    @Test
    void revokeWhenAlreadyRevokedThenKeepsTheFirstReason() {
        TokenRecord record = record("alice").build();
        store.insert(record);
        store.revoke("alice", record.id(), T0, RevocationReason.PARENT);

        store.revoke("alice", record.id(), T0.plusSeconds(1), RevocationReason.MANUAL);
        store.revokeAll("alice", T0.plusSeconds(2), RevocationReason.ALL);

        assertThat(store.findByHash(record.hash()).orElseThrow().revocationReason()).isEqualTo(RevocationReason.PARENT);
    }

    @ParameterizedTest
    @MethodSource("org.speakr.token.testkit.TokenStoreContract#reasons")
    void everyRevocationReasonIsStoredAndReadBack(RevocationReason reason) {
        TokenRecord record = record("alice").revokedAt(T0).revocationReason(reason).build();
        store.insert(record);

        assertThat(store.findByHash(record.hash()).orElseThrow().revocationReason()).isEqualTo(reason);
    }

    static Stream<RevocationReason> reasons() {
        return Stream.of(RevocationReason.values());
    }

    @Test
    void parentIdIsStoredAndReadBack() {
        TokenRecord parent = record("alice").build();
        TokenRecord child = record("alice").parentId(parent.id()).build();
        store.insert(parent);
        store.insert(child);

        assertThat(store.findByHash(child.hash()).orElseThrow().parentId()).isEqualTo(parent.id());
        assertThat(store.findByHash(parent.hash()).orElseThrow().parentId()).isNull();
        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(parent, child);
    }

    // ---------------------------------------------------------------- revoke

    @Test
    void revokeWhenActiveThenReturnsRecordBeforeTheCallAndStoresTheInstant() {
        TokenRecord record = record("alice").build();
        store.insert(record);
        Instant at = T0.plusSeconds(5);

        Optional<TokenRecord> before = store.revoke("alice", record.id(), at, RevocationReason.MANUAL);

        assertThat(before).contains(record);
        assertThat(before.orElseThrow().revokedAt()).isNull();
        assertThat(store.findByHash(record.hash())).contains(record.withRevocation(at, RevocationReason.MANUAL));
    }

    @Test
    void revokeWhenAlreadyRevokedThenKeepsTheFirstInstantAndReturnsTheRevokedRecord() {
        TokenRecord record = record("alice").build();
        store.insert(record);
        Instant first = T0.plusSeconds(5);
        store.revoke("alice", record.id(), first, RevocationReason.MANUAL);

        Optional<TokenRecord> again = store.revoke("alice", record.id(), T0.plusSeconds(50), RevocationReason.MANUAL);

        assertThat(again).contains(record.withRevocation(first, RevocationReason.MANUAL));
        assertThat(store.findByHash(record.hash()).orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void revokeWhenAnotherOwnersTokenThenEmptyAndUnchanged() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        assertThat(store.revoke("bob", record.id(), T0, RevocationReason.MANUAL)).isEmpty();
        assertThat(store.revoke("Alice", record.id(), T0, RevocationReason.MANUAL)).isEmpty();
        assertThat(store.revoke("alice ", record.id(), T0, RevocationReason.MANUAL)).isEmpty();
        assertThat(store.findByHash(record.hash())).contains(record);
    }

    @Test
    void revokeWhenUnknownIdThenEmpty() {
        store.insert(record("alice").build());

        assertThat(store.revoke("alice", "no-such-id", T0, RevocationReason.MANUAL)).isEmpty();
    }

    @Test
    void revokeWhenConcurrentThenExactlyOneCallRevokes() throws Exception {
        TokenRecord record = record("alice").build();
        store.insert(record);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<TokenRecord>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Instant at = T0.plusSeconds(i + 1L);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.revoke("alice", record.id(), at, RevocationReason.MANUAL);
                }));
            }
            start.countDown();
            int revokedByThisCall = 0;
            for (Future<Optional<TokenRecord>> result : results) {
                TokenRecord before = result.get(30, TimeUnit.SECONDS).orElseThrow();
                if (before.revokedAt() == null) {
                    revokedByThisCall++;
                }
            }
            assertThat(revokedByThisCall).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokeAllRevokesOnlyTheOwnersActiveTokensAndReturnsThemAsBefore() {
        TokenRecord active1 = record("alice").build();
        TokenRecord active2 = record("alice").expiresAt(T0.minusSeconds(1)).build();
        Instant earlier = T0.minusSeconds(100);
        TokenRecord alreadyRevoked = record("alice").revokedAt(earlier).build();
        TokenRecord bobs = record("bob").build();
        for (TokenRecord r : List.of(active1, active2, alreadyRevoked, bobs)) {
            store.insert(r);
        }
        Instant at = T0.plusSeconds(10);

        List<TokenRecord> revoked = store.revokeAll("alice", at, RevocationReason.ALL);

        assertThat(revoked).containsExactlyInAnyOrder(active1, active2);
        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(
                active1.withRevocation(at, RevocationReason.ALL), active2.withRevocation(at, RevocationReason.ALL),
                alreadyRevoked);
        assertThat(store.findByOwner("bob")).containsExactly(bobs);
    }

    @Test
    void revokeAllWhenNothingActiveThenEmpty() {
        store.insert(record("alice").revokedAt(T0).build());

        assertThat(store.revokeAll("alice", T0.plusSeconds(1), RevocationReason.ALL)).isEmpty();
        assertThat(store.revokeAll("nobody", T0.plusSeconds(1), RevocationReason.ALL)).isEmpty();
    }

    @Test
    void revokeAllTwiceRevokesNothingTheSecondTime() {
        store.insert(record("alice").build());
        store.insert(record("alice").build());

        assertThat(store.revokeAll("alice", T0, RevocationReason.ALL)).hasSize(2);
        assertThat(store.revokeAll("alice", T0.plusSeconds(1), RevocationReason.ALL)).isEmpty();
    }

    // ---------------------------------------------------------------- last used

    @Test
    void updateLastUsedSetsAnUnsetValue() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        store.updateLastUsed(Map.of(record.id(), T0.plusSeconds(3)));

        assertThat(store.findByHash(record.hash())).contains(record.withLastUsedAt(T0.plusSeconds(3)));
    }

    @Test
    void updateLastUsedOnlyMovesForward() {
        TokenRecord record = record("alice").lastUsedAt(T0.plusSeconds(10)).build();
        store.insert(record);

        store.updateLastUsed(Map.of(record.id(), T0.plusSeconds(5)));
        assertThat(store.findByHash(record.hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(10));

        store.updateLastUsed(Map.of(record.id(), T0.plusSeconds(10)));
        assertThat(store.findByHash(record.hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(10));

        store.updateLastUsed(Map.of(record.id(), T0.plusSeconds(11)));
        assertThat(store.findByHash(record.hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void updateLastUsedWritesABatchAndIgnoresUnknownIds() {
        List<TokenRecord> records = new ArrayList<>();
        Map<String, Instant> batch = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            TokenRecord record = record("alice").build();
            store.insert(record);
            records.add(record);
            batch.put(record.id(), T0.plusMillis(i));
        }
        batch.put("unknown-1", T0);
        batch.put("unknown-2", T0);

        store.updateLastUsed(batch);

        for (int i = 0; i < records.size(); i++) {
            assertThat(store.findByHash(records.get(i).hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusMillis(i));
        }
        assertThat(store.findByOwner("alice")).hasSize(50);
    }

    @Test
    void updateLastUsedWithAnEmptyMapDoesNothing() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        store.updateLastUsed(Map.of());

        assertThat(store.findByHash(record.hash())).contains(record);
    }

    @Test
    void updateLastUsedLeavesRevocationAndOtherFieldsAlone() {
        TokenRecord record = record("alice").revokedAt(T0).build();
        store.insert(record);

        store.updateLastUsed(Map.of(record.id(), T0.plusSeconds(1)));

        assertThat(store.findByHash(record.hash())).contains(record.withLastUsedAt(T0.plusSeconds(1)));
    }

    // ---------------------------------------------------------------- revocation feed

    @Test
    void revokedSinceIncludesTheBoundAndExcludesEarlierAndActiveTokens() {
        TokenRecord before = record("alice").build();
        TokenRecord atBound = record("alice").build();
        TokenRecord after = record("bob").build();
        TokenRecord active = record("bob").build();
        for (TokenRecord r : List.of(before, atBound, after, active)) {
            store.insert(r);
        }
        Instant bound = T0.plusSeconds(100);
        store.revoke("alice", before.id(), bound.minusMillis(1), RevocationReason.MANUAL);
        store.revoke("alice", atBound.id(), bound, RevocationReason.MANUAL);
        store.revoke("bob", after.id(), bound.plusMillis(1), RevocationReason.MANUAL);

        assertThat(store.revokedSince(bound)).containsExactlyInAnyOrder(
                atBound.withRevocation(bound, RevocationReason.MANUAL),
                after.withRevocation(bound.plusMillis(1), RevocationReason.MANUAL));
        assertThat(store.revokedSince(bound.plusMillis(2))).isEmpty();
        assertThat(store.revokedSince(Instant.EPOCH)).hasSize(3);
    }

    @Test
    void revokedSinceSeesRevokeAll() {
        store.insert(record("alice").build());
        store.insert(record("alice").build());
        Instant at = T0.plus(Duration.ofMinutes(1));

        store.revokeAll("alice", at, RevocationReason.ALL);

        assertThat(store.revokedSince(at)).hasSize(2).allMatch(r -> at.equals(r.revokedAt()));
    }

    // ---------------------------------------------------------------- scheduled revocation

    @Test
    void revokeBringsAScheduledRevocationForwardWithTheNewReason() {
        Instant scheduled = T0.plus(Duration.ofHours(1));
        TokenRecord record = record("alice").revokedAt(scheduled).revocationReason(RevocationReason.ROTATED).build();
        store.insert(record);

        Optional<TokenRecord> before = store.revoke("alice", record.id(), T0, RevocationReason.MANUAL);

        assertThat(before).contains(record);
        assertThat(store.findByHash(record.hash())).contains(record.withRevocation(T0, RevocationReason.MANUAL));
    }

    @Test
    void revokeNeverDelaysARevocationScheduledOrEffective() {
        Instant scheduled = T0.plus(Duration.ofHours(1));
        TokenRecord rotated = record("alice").revokedAt(scheduled).revocationReason(RevocationReason.ROTATED).build();
        TokenRecord revoked = record("alice").revokedAt(T0).build();
        store.insert(rotated);
        store.insert(revoked);

        assertThat(store.revoke("alice", rotated.id(), scheduled.plusMillis(1), RevocationReason.MANUAL))
                .contains(rotated);
        assertThat(store.revoke("alice", rotated.id(), scheduled, RevocationReason.MANUAL)).contains(rotated);
        assertThat(store.revoke("alice", revoked.id(), T0.plusSeconds(1), RevocationReason.ROTATED))
                .contains(revoked);

        assertThat(store.findByHash(rotated.hash())).contains(rotated);
        assertThat(store.findByHash(revoked.hash())).contains(revoked);
    }

    @Test
    void revokeAllBringsScheduledRevocationsForward() {
        Instant scheduled = T0.plus(Duration.ofHours(1));
        TokenRecord rotated = record("alice").revokedAt(scheduled).revocationReason(RevocationReason.ROTATED).build();
        TokenRecord revokedEarlier = record("alice").revokedAt(T0.minusSeconds(1)).build();
        store.insert(rotated);
        store.insert(revokedEarlier);

        assertThat(store.revokeAll("alice", T0, RevocationReason.ALL)).containsExactly(rotated);

        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(
                rotated.withRevocation(T0, RevocationReason.ALL), revokedEarlier);
    }

    @Test
    void revokedSinceIncludesScheduledRevocations() {
        Instant scheduled = T0.plus(Duration.ofHours(1));
        TokenRecord rotated = record("alice").revokedAt(scheduled).revocationReason(RevocationReason.ROTATED).build();
        store.insert(rotated);
        store.insert(record("alice").build());

        assertThat(store.revokedSince(T0)).containsExactly(rotated);
    }

    // ---------------------------------------------------------------- last use with client facts

    @Test
    void updateLastUseStoresAddressAndUserAgentWithTheInstant() {
        TokenRecord record = record("alice").build();
        store.insert(record);
        LastUse use = new LastUse(T0.plusSeconds(3), "2001:db8::7", "curl/8.5.0 'quoted' 🔑");

        store.updateLastUse(Map.of(record.id(), use));

        assertThat(store.findByHash(record.hash())).contains(record.withLastUse(use));
        assertThat(store.findByOwner("alice")).containsExactly(record.withLastUse(use));
    }

    @Test
    void updateLastUseOnlyMovesForwardAndKeepsTheFactsOfTheStoredUse() {
        TokenRecord record = record("alice").build();
        store.insert(record);
        LastUse later = new LastUse(T0.plusSeconds(10), "192.0.2.10", "agent-10");
        store.updateLastUse(Map.of(record.id(), later));

        store.updateLastUse(Map.of(record.id(), new LastUse(T0.plusSeconds(5), "192.0.2.5", "agent-5")));
        store.updateLastUse(Map.of(record.id(), new LastUse(T0.plusSeconds(10), "192.0.2.99", "agent-99")));
        assertThat(store.findByHash(record.hash())).contains(record.withLastUse(later));

        LastUse newest = new LastUse(T0.plusSeconds(11), null, null);
        store.updateLastUse(Map.of(record.id(), newest));
        assertThat(store.findByHash(record.hash())).contains(record.withLastUse(newest));
    }

    @Test
    void updateLastUseWritesABatchAndIgnoresUnknownIds() {
        List<TokenRecord> records = new ArrayList<>();
        Map<String, LastUse> batch = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            TokenRecord record = record("alice").build();
            store.insert(record);
            records.add(record);
            batch.put(record.id(), new LastUse(T0.plusMillis(i), "10.0.0." + i, "agent " + i));
        }
        batch.put("unknown-1", new LastUse(T0, "10.1.1.1", "x"));

        store.updateLastUse(batch);

        for (TokenRecord record : records) {
            assertThat(store.findByHash(record.hash())).contains(record.withLastUse(batch.get(record.id())));
        }
        assertThat(store.findByOwner("alice")).hasSize(20);
    }

    // ---------------------------------------------------------------- new fields round-trip

    @Test
    void networksPredecessorExpiryNoticeAndClientFactsRoundTrip() {
        TokenRecord predecessor = record("alice").build();
        TokenRecord record = record("alice").allowedNetworks(List.of("192.0.2.0/24", "2001:db8::/32", "10.0.0.7/32"))
                .predecessorId(predecessor.id()).expiryNoticed(Duration.ofDays(7)).lastUsedAt(T0.plusSeconds(1))
                .lastUsedAddress("192.0.2.7").lastUsedUserAgent("Mozilla/5.0 (X11; Linux)").build();
        store.insert(predecessor);
        store.insert(record);

        TokenRecord found = store.findByHash(record.hash()).orElseThrow();
        assertThat(found).isEqualTo(record);
        assertThat(found.allowedNetworks()).containsExactly("192.0.2.0/24", "2001:db8::/32", "10.0.0.7/32");
        assertThat(found.predecessorId()).isEqualTo(predecessor.id());
        assertThat(found.expiryNoticed()).isEqualTo(Duration.ofDays(7));
        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(predecessor, record);
        TokenRecord plain = store.findByHash(predecessor.hash()).orElseThrow();
        assertThat(plain.allowedNetworks()).isEmpty();
        assertThat(plain.predecessorId()).isNull();
        assertThat(plain.expiryNoticed()).isNull();
        assertThat(plain.lastUsedAddress()).isNull();
        assertThat(plain.lastUsedUserAgent()).isNull();
    }

    @Test
    void thirtyTwoNetworksRoundTripInOrder() {
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            networks.add("2001:db8:" + Integer.toHexString(0x1000 + i) + "::/48");
        }
        TokenRecord record = record("alice").allowedNetworks(networks).build();
        store.insert(record);

        assertThat(store.findByHash(record.hash()).orElseThrow().allowedNetworks()).isEqualTo(networks);
    }

    // ---------------------------------------------------------------- expiry notices

    @Test
    void findExpiringBetweenExcludesNowIncludesUntilAndSkipsRevoked() {
        Instant now = T0.plus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(7));
        TokenRecord atNow = record("alice").expiresAt(now).build();
        TokenRecord justAfterNow = record("alice").expiresAt(now.plusMillis(1)).build();
        TokenRecord atUntil = record("bob").expiresAt(until).build();
        TokenRecord afterUntil = record("bob").expiresAt(until.plusMillis(1)).build();
        TokenRecord never = record("bob").expiresAt(null).build();
        TokenRecord revoked = record("alice").expiresAt(now.plusSeconds(5)).revokedAt(T0).build();
        for (TokenRecord r : List.of(atNow, justAfterNow, atUntil, afterUntil, never, revoked)) {
            store.insert(r);
        }

        assertThat(store.findExpiringBetween(now, until)).containsExactlyInAnyOrder(justAfterNow, atUntil);
    }

    @Test
    void claimExpiryNoticeIsTrueOnceAndAgainOnlyForAShorterThreshold() {
        TokenRecord record = record("alice").build();
        store.insert(record);

        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(7))).isTrue();
        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(7))).isFalse();
        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(30))).isFalse();
        assertThat(store.findByHash(record.hash()).orElseThrow().expiryNoticed()).isEqualTo(Duration.ofDays(7));
        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(1))).isTrue();
        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(1))).isFalse();
        assertThat(store.claimExpiryNotice(record.id(), Duration.ofDays(7))).isFalse();
        assertThat(store.claimExpiryNotice("no-such-id", Duration.ofDays(7))).isFalse();

        assertThat(store.findByHash(record.hash())).contains(record.withExpiryNoticed(Duration.ofDays(1)));
    }

    @Test
    void claimExpiryNoticeWhenConcurrentThenExactlyOneCallClaims() throws Exception {
        TokenRecord record = record("alice").build();
        store.insert(record);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.claimExpiryNotice(record.id(), Duration.ofDays(7));
                }));
            }
            start.countDown();
            int claimed = 0;
            for (Future<Boolean> result : results) {
                if (result.get(30, TimeUnit.SECONDS)) {
                    claimed++;
                }
            }
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- unused tokens and purge

    @Test
    void findUnusedBeforeCountsNeverUsedTokensFromCreationAndSkipsRevokedAndExpired() {
        Instant cutoff = T0.plus(Duration.ofDays(10));
        Instant now = cutoff.plus(Duration.ofDays(5));
        TokenRecord neverUsedOld = record("alice").createdAt(T0).expiresAt(null).build();
        TokenRecord neverUsedAtCutoff = record("alice").createdAt(cutoff).expiresAt(null).build();
        TokenRecord usedBefore = record("alice").createdAt(T0).lastUsedAt(cutoff.minusMillis(1)).expiresAt(null).build();
        TokenRecord usedAtCutoff = record("bob").createdAt(T0).lastUsedAt(cutoff).expiresAt(null).build();
        TokenRecord revoked = record("bob").createdAt(T0).expiresAt(null).revokedAt(T0.plusSeconds(1)).build();
        TokenRecord expired = record("bob").createdAt(T0).expiresAt(now).build();
        TokenRecord expiresLater = record("bob").createdAt(T0).expiresAt(now.plusMillis(1)).build();
        for (TokenRecord r : List.of(neverUsedOld, neverUsedAtCutoff, usedBefore, usedAtCutoff, revoked, expired,
                expiresLater)) {
            store.insert(r);
        }

        assertThat(store.findUnusedBefore(cutoff, now)).containsExactlyInAnyOrder(neverUsedOld, usedBefore,
                expiresLater);
    }

    @Test
    void purgeDeletesOnlyRowsRevokedOrExpiredBeforeTheCutoff() {
        Instant cutoff = T0.plus(Duration.ofDays(30));
        TokenRecord revokedBefore = record("alice").revokedAt(cutoff.minusMillis(1)).expiresAt(null).build();
        TokenRecord revokedAtCutoff = record("alice").revokedAt(cutoff).expiresAt(null).build();
        TokenRecord expiredBefore = record("alice").expiresAt(cutoff.minusMillis(1)).build();
        TokenRecord expiredAtCutoff = record("alice").expiresAt(cutoff).build();
        TokenRecord active = record("alice").expiresAt(null).build();
        TokenRecord scheduled = record("bob").revokedAt(cutoff.plus(Duration.ofDays(1)))
                .revocationReason(RevocationReason.ROTATED).expiresAt(null).build();
        for (TokenRecord r : List.of(revokedBefore, revokedAtCutoff, expiredBefore, expiredAtCutoff, active,
                scheduled)) {
            store.insert(r);
        }

        assertThat(store.purge(cutoff)).isEqualTo(2);

        assertThat(store.findByOwner("alice")).containsExactlyInAnyOrder(revokedAtCutoff, expiredAtCutoff, active);
        assertThat(store.findByOwner("bob")).containsExactly(scheduled);
        assertThat(store.findByHash(revokedBefore.hash())).isEmpty();
        assertThat(store.findByHash(expiredBefore.hash())).isEmpty();
        assertThat(store.purge(cutoff)).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertWithinAMillisecond(Instant actual, Instant expected) {
        assertThat(actual).isNotNull();
        assertThat(Duration.between(expected, actual).abs()).isLessThan(Duration.ofMillis(1));
    }

    /** @return a 64-character lowercase hex hash, distinct for each {@code n} */
    protected static String hash(int n) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** @return a builder of a fresh, distinct, active record of {@code owner} */
    protected static RecordBuilder record(String owner) {
        int n = SEQUENCE.incrementAndGet();
        return new RecordBuilder("id" + n + "x" + Long.toString(System.nanoTime() & 0xffffff, 36), owner,
                "token " + n, hash(n));
    }

    /** Builds {@link TokenRecord}s for tests. */
    public static final class RecordBuilder {
        private String id;
        private final String owner;
        private String name;
        private String hash;
        private String hashKeyId = TokenRecord.SHA256_KEY_ID;
        private String hint = "spk_…abcd";
        private Set<String> scopes = Set.of("recordings:read");
        private Instant createdAt = T0;
        private Instant expiresAt = T0.plus(Duration.ofDays(30));
        private Instant lastUsedAt;
        private Instant revokedAt;
        private RevocationReason revocationReason;
        private String parentId;
        private String lastUsedAddress;
        private String lastUsedUserAgent;
        private List<String> allowedNetworks = List.of();
        private String predecessorId;
        private Duration expiryNoticed;

        RecordBuilder(String id, String owner, String name, String hash) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.hash = hash;
        }

        public RecordBuilder id(String value) {
            this.id = value;
            return this;
        }

        public RecordBuilder name(String value) {
            this.name = value;
            return this;
        }

        public RecordBuilder hash(String value) {
            this.hash = value;
            return this;
        }

        public RecordBuilder hashKeyId(String value) {
            this.hashKeyId = value;
            return this;
        }

        public RecordBuilder hint(String value) {
            this.hint = value;
            return this;
        }

        public RecordBuilder scopes(Set<String> value) {
            this.scopes = value;
            return this;
        }

        public RecordBuilder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        public RecordBuilder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        public RecordBuilder lastUsedAt(Instant value) {
            this.lastUsedAt = value;
            return this;
        }

        /** Sets the revocation instant; the reason becomes {@code MANUAL} unless set, or none for {@code null}. */
        public RecordBuilder revokedAt(Instant value) {
            this.revokedAt = value;
            this.revocationReason = value == null ? null
                    : revocationReason == null ? RevocationReason.MANUAL : revocationReason;
            return this;
        }

        public RecordBuilder revocationReason(RevocationReason value) {
            this.revocationReason = value;
            return this;
        }

        public RecordBuilder parentId(String value) {
            this.parentId = value;
            return this;
        }

        public RecordBuilder lastUsedAddress(String value) {
            this.lastUsedAddress = value;
            return this;
        }

        public RecordBuilder lastUsedUserAgent(String value) {
            this.lastUsedUserAgent = value;
            return this;
        }

        public RecordBuilder allowedNetworks(List<String> value) {
            this.allowedNetworks = value;
            return this;
        }

        public RecordBuilder predecessorId(String value) {
            this.predecessorId = value;
            return this;
        }

        public RecordBuilder expiryNoticed(Duration value) {
            this.expiryNoticed = value;
            return this;
        }

        public TokenRecord build() {
            return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, lastUsedAt,
                    revokedAt, revocationReason, parentId, lastUsedAddress, lastUsedUserAgent, allowedNetworks,
                    predecessorId, expiryNoticed);
        }
    }
}
