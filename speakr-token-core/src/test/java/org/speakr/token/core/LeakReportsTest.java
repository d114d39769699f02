package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.testkit.MutableClock;

/** {@link ApiTokens#reportLeaked} and {@link ApiTokens#describe}, on a real in-memory store and a hand-moved clock. */
class LeakReportsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final LeakReport GITHUB = new LeakReport("github", "https://github.com/o/r/blob/main/ci.yml");

    private final MutableClock clock = new MutableClock(T0);
    private final CountingTokenStore store = new CountingTokenStore();
    private final List<TokenEvent> events = new ArrayList<>();
    private final List<ApiTokens> opened = new ArrayList<>();

    private ApiTokens service(TokenHashing hashing) {
        ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).hashing(hashing)
                .revocationPollInterval(Duration.ZERO).eventListener(events::add).build();
        opened.add(tokens);
        return tokens;
    }

    private ApiTokens service() {
        return service(TokenHashing.sha256());
    }

    @AfterEach
    void close() {
        opened.forEach(ApiTokens::close);
    }

    private static ApiTokenPrincipal principal(ApiTokens tokens, String token) {
        return ((AuthenticationResult.Authenticated) tokens.authenticate(token)).principal();
    }

    @Test
    void reportLeakedWhenTheTokenIsValidThenOnlyItIsRevokedWithReasonLeakedAndBothEventsArePublished() {
        ApiTokens tokens = service();
        CreatedToken leaked = tokens.create("alice", "ci", Expiration.after(Duration.ofDays(30)));
        CreatedToken other = tokens.create("alice", "laptop", Expiration.after(Duration.ofDays(30)));
        String plaintext = leaked.token().reveal();
        assertThat(tokens.authenticate(plaintext)).isInstanceOf(AuthenticationResult.Authenticated.class);
        events.clear();

        assertThat(tokens.reportLeaked(plaintext, GITHUB)).isEqualTo(LeakOutcome.REVOKED);

        // Revoked at once on this node although the token was cached as active.
        assertThat(tokens.authenticate(plaintext)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(tokens.authenticate(other.token().reveal())).isInstanceOf(AuthenticationResult.Authenticated.class);
        TokenInfo listed = tokens.list("alice").stream().filter(t -> t.id().equals(leaked.info().id())).findFirst()
                .orElseThrow();
        assertThat(listed.revocationReason()).isEqualTo(RevocationReason.LEAKED);
        assertThat(listed.revokedAt()).isEqualTo(T0);
        assertThat(events).contains(
                new TokenEvent.Revoked(leaked.info().id(), "alice", RevocationReason.LEAKED, T0),
                new TokenEvent.Leaked(leaked.info().id(), "alice", "https://github.com/o/r/blob/main/ci.yml", "github",
                        T0));
    }

    @Test
    void reportLeakedWhenReportedTwiceThenTheSecondIsAlreadyInvalidAndPublishesNothing() {
        ApiTokens tokens = service();
        String plaintext = tokens.create("alice", "ci", Expiration.never()).token().reveal();
        assertThat(tokens.reportLeaked(plaintext, GITHUB)).isEqualTo(LeakOutcome.REVOKED);
        events.clear();
        clock.advance(Duration.ofMinutes(1));

        assertThat(tokens.reportLeaked(plaintext, new LeakReport("gitlab", null))).isEqualTo(LeakOutcome.ALREADY_INVALID);
        assertThat(events).isEmpty();
        assertThat(tokens.list("alice").get(0).revokedAt()).isEqualTo(T0);
    }

    @Test
    void reportLeakedWhenTheTokenWasRevokedOrExpiredThenAlreadyInvalidAndNothingChanges() {
        ApiTokens tokens = service();
        CreatedToken revoked = tokens.create("alice", "old", Expiration.never());
        tokens.revoke("alice", revoked.info().id());
        String expired = tokens.create("alice", "short", Expiration.after(Duration.ofHours(1))).token().reveal();
        clock.advance(Duration.ofHours(2));
        events.clear();
        int revokesBefore = store.revokes.get();

        assertThat(tokens.reportLeaked(revoked.token().reveal(), GITHUB)).isEqualTo(LeakOutcome.ALREADY_INVALID);
        assertThat(tokens.reportLeaked(expired, GITHUB)).isEqualTo(LeakOutcome.ALREADY_INVALID);

        assertThat(store.revokes.get()).isEqualTo(revokesBefore);
        assertThat(events).isEmpty();
        assertThat(tokens.list("alice")).extracting(TokenInfo::revocationReason)
                .containsExactlyInAnyOrder(RevocationReason.MANUAL, null);
    }

    @Test
    void reportLeakedWhenTheValueIsMalformedThenNotOursWithoutAnyStoreCall() {
        ApiTokens tokens = service();
        String valid = tokens.create("alice", "ci", Expiration.never()).token().reveal();
        String typo = valid.substring(0, 10) + (valid.charAt(10) == 'a' ? 'b' : 'a') + valid.substring(11);
        int callsBefore = store.calls();

        for (String bad : List.of("", "spk_", "ghp_" + "a".repeat(36), typo, valid + "x", "spk_\u0000\n" + "a".repeat(47))) {
            assertThat(tokens.reportLeaked(bad, GITHUB)).as(bad.length() + " chars").isEqualTo(LeakOutcome.NOT_OURS);
        }
        assertThat(store.calls()).isEqualTo(callsBefore);
        assertThat(tokens.authenticate(valid)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void reportLeakedWhenWellFormedButUnknownThenNotOursAfterOneLookup() {
        ApiTokens tokens = service();
        // A well-formed value from another service with the same prefix: its checksum is right, its hash unknown.
        ApiTokens elsewhere = ApiTokens.builder().store(new InMemoryTokenStore()).revocationPollInterval(Duration.ZERO)
                .build();
        opened.add(elsewhere);
        String foreign = elsewhere.create("mallory", "x", Expiration.never()).token().reveal();
        int lookupsBefore = store.findByHash.get();

        assertThat(tokens.reportLeaked(foreign, GITHUB)).isEqualTo(LeakOutcome.NOT_OURS);
        assertThat(store.findByHash.get()).isEqualTo(lookupsBefore + 1);
        assertThat(store.revokes.get()).isZero();
    }

    @Test
    void reportLeakedWhenTheTokenWasHashedUnderAPreviousKeyThenItIsFoundAndRevoked() {
        byte[] oldPepper = "o".repeat(32).getBytes(StandardCharsets.US_ASCII);
        byte[] newPepper = "n".repeat(32).getBytes(StandardCharsets.US_ASCII);
        String plaintext = service(TokenHashing.hmacSha256("k1", oldPepper)).create("alice", "ci", Expiration.never())
                .token().reveal();
        ApiTokens rotated = service(TokenHashing.hmacSha256("k2", newPepper).withPreviousKey("k1", oldPepper));

        assertThat(rotated.reportLeaked(plaintext, GITHUB)).isEqualTo(LeakOutcome.REVOKED);
        assertThat(rotated.authenticate(plaintext)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
    }

    @Test
    void reportLeakedWhenTheTokenHasChildrenThenTheyAreRevokedWithReasonParent() {
        ApiTokens tokens = service();
        String parent = tokens.create("alice", "ci", Expiration.never()).token().reveal();
        CreatedToken child = tokens.createChild(principal(tokens, parent), "job", Expiration.after(Duration.ofDays(1)),
                Set.of("recordings:read"));

        assertThat(tokens.reportLeaked(parent, GITHUB)).isEqualTo(LeakOutcome.REVOKED);

        assertThat(tokens.authenticate(child.token().reveal()))
                .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(tokens.list("alice")).filteredOn(t -> t.id().equals(child.info().id()))
                .extracting(TokenInfo::revocationReason).containsExactly(RevocationReason.PARENT);
    }

    @Test
    void reportLeakedWhenAnotherNodeRevokedItBetweenLookupAndWriteThenAlreadyInvalid() {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        // The lookup still sees the token active; the write finds it revoked by someone else a moment earlier.
        ForwardingTokenStore racing = new ForwardingTokenStore(shared) {
            @Override
            public Optional<TokenRecord> findByHash(String hash) {
                Optional<TokenRecord> found = super.findByHash(hash);
                found.ifPresent(r -> shared.revoke(r.owner(), r.id(), T0, RevocationReason.MANUAL));
                return found;
            }
        };
        ApiTokens tokens = ApiTokens.builder().store(racing).clock(clock).revocationPollInterval(Duration.ZERO)
                .eventListener(events::add).build();
        opened.add(tokens);
        String plaintext = tokens.create("alice", "ci", Expiration.never()).token().reveal();
        events.clear();

        assertThat(tokens.reportLeaked(plaintext, GITHUB)).isEqualTo(LeakOutcome.ALREADY_INVALID);
        assertThat(events).isEmpty();
        assertThat(shared.findByOwner("alice").get(0).revocationReason()).isEqualTo(RevocationReason.MANUAL);
    }

    /**
     * A store that keeps the revocation contract for scheduled revocations (a later stored instant is brought
     * forward), over the in-memory store: rotation schedules a revocation for the end of its overlap.
     */
    private static final class SchedulingStore extends ForwardingTokenStore {
        private final java.util.Map<String, TokenRecord> brought = new java.util.concurrent.ConcurrentHashMap<>();

        SchedulingStore(InMemoryTokenStore delegate) {
            super(delegate);
        }

        private TokenRecord current(TokenRecord stored) {
            return brought.getOrDefault(stored.id(), stored);
        }

        @Override
        public Optional<TokenRecord> findByHash(String hash) {
            return super.findByHash(hash).map(this::current);
        }

        @Override
        public List<TokenRecord> findByOwner(String owner) {
            return super.findByOwner(owner).stream().map(this::current).toList();
        }

        @Override
        public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
            Optional<TokenRecord> before = findByOwner(owner).stream().filter(r -> r.id().equals(id)).findFirst();
            if (before.isPresent() && before.get().revokedAt() != null && before.get().revokedAt().isAfter(revokedAt)) {
                brought.put(id, before.get().withRevocation(revokedAt, reason));
                return before;
            }
            return super.revoke(owner, id, revokedAt, reason);
        }
    }

    @Test
    void reportLeakedWhenTheRevocationIsOnlyScheduledThenItIsBroughtForwardAsLeaked() {
        InMemoryTokenStore memory = new InMemoryTokenStore();
        ApiTokens tokens = ApiTokens.builder().store(new SchedulingStore(memory)).clock(clock)
                .revocationPollInterval(Duration.ZERO).eventListener(events::add).build();
        opened.add(tokens);
        CreatedToken rotatedAway = tokens.create("alice", "ci", Expiration.never());
        // As a rotation with a one-hour overlap leaves it: revoked from T0 + 1 h, still valid now.
        memory.revoke("alice", rotatedAway.info().id(), T0.plus(Duration.ofHours(1)), RevocationReason.ROTATED);
        events.clear();

        assertThat(tokens.reportLeaked(rotatedAway.token().reveal(), GITHUB)).isEqualTo(LeakOutcome.REVOKED);

        TokenInfo listed = tokens.list("alice").get(0);
        assertThat(listed.revokedAt()).isEqualTo(T0);
        assertThat(listed.revocationReason()).isEqualTo(RevocationReason.LEAKED);
        assertThat(events).containsExactlyInAnyOrder(
                new TokenEvent.Revoked(rotatedAway.info().id(), "alice", RevocationReason.LEAKED, T0),
                new TokenEvent.Leaked(rotatedAway.info().id(), "alice", GITHUB.sourceUrl(), "github", T0));
        assertThat(tokens.reportLeaked(rotatedAway.token().reveal(), GITHUB)).isEqualTo(LeakOutcome.ALREADY_INVALID);
    }

    @Test
    void reportLeakedWhenTheStoreFailsThenTokenStoreExceptionWithoutTheValue() {
        ApiTokens tokens = service();
        String plaintext = tokens.create("alice", "ci", Expiration.never()).token().reveal();
        store.failFindByHash(new IllegalStateException("down"));

        Throwable failure = catchThrowable(() -> tokens.reportLeaked(plaintext, GITHUB));

        assertThat(failure).isInstanceOf(TokenStoreException.class).hasMessageContaining("findByHash");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(plaintext);
        }
        store.failFindByHash(null);
        assertThat(tokens.authenticate(plaintext)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void leakReportBoundsTheSourceUrlAndChecksTheReporter() {
        String longUrl = "https://example.org/" + "a".repeat(5000);
        assertThat(new LeakReport("github", longUrl).sourceUrl()).hasSize(2048).isEqualTo(longUrl.substring(0, 2048));
        assertThat(new LeakReport("github", "https://x.org/a\r\nINFO forged\u0000\u2028b").sourceUrl())
                .isEqualTo("https://x.org/aINFO forgedb");
        assertThat(new LeakReport("github", " \n ").sourceUrl()).isNull();
        assertThat(new LeakReport(" github ", null).reporter()).isEqualTo("github");
        String emoji = "\uD83D\uDE00";
        assertThat(new LeakReport("public", "a".repeat(2047) + emoji).sourceUrl()).hasSize(2047);

        assertThatThrownBy(() -> new LeakReport(" ", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reporter: expected 1-64 characters without control characters, got ''");
        assertThatThrownBy(() -> new LeakReport("x".repeat(65), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeakReport("git\nhub", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeakReport(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void describeWhenTheTokenExistsThenItsOwnInfoElseEmpty() {
        ApiTokens tokens = service();
        CreatedToken created = tokens.create("alice", "ci", Expiration.after(Duration.ofDays(7)),
                Set.of("recordings:read"));
        tokens.create("alice", "other", Expiration.never());
        ApiTokenPrincipal principal = principal(tokens, created.token().reveal());
        clock.advance(Duration.ofHours(1));

        TokenInfo described = tokens.describe(principal).orElseThrow();
        assertThat(described.id()).isEqualTo(created.info().id());
        assertThat(described.name()).isEqualTo("ci");
        assertThat(described.scopes()).containsExactly("recordings:read");
        assertThat(described.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(described.status()).isEqualTo(TokenStatus.ACTIVE);

        ApiTokenPrincipal gone = new ApiTokenPrincipal("alice", "no-such-id", "ci", Set.of(), null);
        assertThat(tokens.describe(gone)).isEmpty();
        ApiTokenPrincipal otherOwner = new ApiTokenPrincipal("bob", created.info().id(), "ci", Set.of(), null);
        assertThat(tokens.describe(otherOwner)).isEmpty();
        tokens.revoke("alice", created.info().id());
        assertThat(tokens.describe(principal).orElseThrow().status()).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void reportLeakedNeverPutsThePlaintextIntoLogsEventsOrExceptions() throws Exception {
        List<String> seen = new ArrayList<>();
        String plaintext;
        try (LogCapture logs = new LogCapture()) {
            ApiTokens tokens = service();
            plaintext = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            seen.add(tokens.reportLeaked(plaintext, GITHUB).toString());
            seen.add(tokens.reportLeaked(plaintext, GITHUB).toString());
            seen.add(tokens.reportLeaked(plaintext.substring(1), GITHUB).toString());
            store.failFindByHash(new IllegalStateException("down"));
            Throwable failure = catchThrowable(() -> tokens.reportLeaked(plaintext, GITHUB));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                seen.add(t.toString());
            }
            events.forEach(e -> seen.add(e.toString()));
            seen.addAll(logs.lines());
        }
        assertThat(events).hasAtLeastOneElementOfType(TokenEvent.Leaked.class);
        assertThat(seen).anyMatch(line -> line.contains("reported as published by github"));
        byte[] bytes = plaintext.getBytes(StandardCharsets.US_ASCII);
        List<String> forms = List.of(plaintext, plaintext.substring(4, 30), HexFormat.of().formatHex(bytes),
                Base64.getEncoder().encodeToString(bytes),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        for (String line : seen) {
            for (String form : forms) {
                assertThat(line).doesNotContain(form);
            }
        }
    }
}
