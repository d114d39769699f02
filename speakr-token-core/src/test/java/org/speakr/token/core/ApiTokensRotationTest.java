package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.testkit.MutableClock;

/**
 * Rotation: the original and its successor overlap; the successor's first use, or the end of the overlap, retires
 * the original (refused {@link RejectionReason#ROTATED}); a rotated token presented again may revoke its family. On
 * one node and on two nodes sharing a store, the second following through the revocation feed (polled by hand).
 */
class ApiTokensRotationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryTokenStore shared = new InMemoryTokenStore();
    private final List<ApiTokens> opened = new ArrayList<>();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

    private ApiTokens.Builder builder(TokenStore store) {
        // The feed exists but its background poll is far away: tests poll by hand (pollRevocationsNow).
        return ApiTokens.builder().store(store).clock(clock).revocationPollInterval(Duration.ofHours(5))
                .lastUsedWriteInterval(Duration.ofHours(5)).maintenanceInterval(Duration.ofHours(5))
                .eventListener(events::add);
    }

    private ApiTokens open(ApiTokens.Builder builder) {
        ApiTokens tokens = builder.build();
        opened.add(tokens);
        return tokens;
    }

    private ApiTokens node() {
        return open(builder(shared));
    }

    @AfterEach
    void close() {
        opened.forEach(ApiTokens::close);
    }

    private static AuthenticationResult auth(ApiTokens node, CreatedToken token) {
        return node.authenticate(token.token().reveal());
    }

    private static RejectionReason rejection(ApiTokens node, CreatedToken token) {
        AuthenticationResult result = auth(node, token);
        assertThat(result).isInstanceOf(AuthenticationResult.Rejected.class);
        return ((AuthenticationResult.Rejected) result).reason();
    }

    private TokenRecord stored(CreatedToken token) {
        return shared.findByOwner(token.info().owner()).stream().filter(r -> r.id().equals(token.info().id()))
                .findFirst().orElseThrow();
    }

    private List<TokenEvent.Revoked> revokedEvents() {
        return events.stream().filter(TokenEvent.Revoked.class::isInstance).map(TokenEvent.Revoked.class::cast)
                .toList();
    }

    // ---------------------------------------------------------------- one node

    @Test
    void successorHasTheOriginalsShapeAndLifetimeFromNow() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.after(Duration.ofDays(30)), Set.of("a:read", "b:write"),
                AllowedNetworks.of(List.of("192.0.2.0/24")));
        clock.advance(Duration.ofDays(10));

        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);

        TokenInfo info = successor.info();
        assertThat(info.id()).isNotEqualTo(old.info().id());
        assertThat(successor.token().reveal()).isNotEqualTo(old.token().reveal());
        assertThat(info.predecessorId()).isEqualTo(old.info().id());
        assertThat(info.name()).isEqualTo("CI");
        assertThat(info.scopes()).containsExactly("a:read", "b:write");
        assertThat(info.allowedNetworks()).containsExactly("192.0.2.0/24");
        assertThat(info.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(40)));
        assertThat(info.status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(events).filteredOn(TokenEvent.Created.class::isInstance).hasSize(2);
        assertThat(revokedEvents()).as("a scheduled revocation is not announced").isEmpty();
        TokenInfo listedOld = tokens.list("alice").stream().filter(t -> t.id().equals(old.info().id())).findFirst()
                .orElseThrow();
        assertThat(listedOld.status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(listedOld.revokedAt()).isEqualTo(T0.plus(Duration.ofDays(10)).plus(HOUR));
        assertThat(listedOld.revocationReason()).isEqualTo(RevocationReason.ROTATED);
    }

    @Test
    void bothAreValidInsideTheOverlapUntilTheSuccessorIsFirstUsed() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.after(Duration.ofDays(30)));
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();

        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();
        clock.advance(Duration.ofMinutes(59));
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();

        assertThat(auth(tokens, successor).isAuthenticated()).isTrue();

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(auth(tokens, successor).isAuthenticated()).isTrue();
        assertThat(stored(old).revokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(59)));
        assertThat(stored(old).revocationReason()).isEqualTo(RevocationReason.ROTATED);
        assertThat(revokedEvents()).extracting(TokenEvent.Revoked::tokenId, TokenEvent.Revoked::reason)
                .containsExactly(org.assertj.core.api.Assertions.tuple(old.info().id(), RevocationReason.ROTATED));
        assertThat(events).filteredOn(e -> e instanceof TokenEvent.AuthenticationFailed f
                && f.reason() == RejectionReason.ROTATED).hasSize(1);
    }

    @Test
    void theOriginalIsRefusedRotatedOnceTheOverlapEndsEvenIfTheSuccessorIsNeverUsed() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        tokens.rotate("alice", old.info().id(), HOUR);
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();

        clock.advance(HOUR.minusMillis(1));
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();
        clock.advance(Duration.ofMillis(1));

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(tokens.list("alice")).filteredOn(t -> t.id().equals(old.info().id()))
                .extracting(TokenInfo::status).containsExactly(TokenStatus.REVOKED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(rejection(tokens, old)).as("after a reload from the store too").isEqualTo(RejectionReason.ROTATED);
    }

    @Test
    void overlapZeroRetiresTheOriginalAtOnceAndAnnouncesIt() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();

        CreatedToken successor = tokens.rotate("alice", old.info().id(), Duration.ZERO);

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(auth(tokens, successor).isAuthenticated()).isTrue();
        assertThat(successor.info().expiresAt()).isNull();
        assertThat(revokedEvents()).extracting(TokenEvent.Revoked::tokenId, TokenEvent.Revoked::reason)
                .containsExactly(org.assertj.core.api.Assertions.tuple(old.info().id(), RevocationReason.ROTATED));
    }

    @Test
    void aRevokedRotatedTokenIsRefusedRevokedNotRotated() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        tokens.rotate("alice", old.info().id(), HOUR);

        assertThat(tokens.revoke("alice", old.info().id())).isTrue();

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.REVOKED);
        assertThat(stored(old).revokedAt()).isEqualTo(T0);
        assertThat(stored(old).revocationReason()).isEqualTo(RevocationReason.MANUAL);
        assertThat(revokedEvents()).extracting(TokenEvent.Revoked::reason).containsExactly(RevocationReason.MANUAL);
    }

    @Test
    void defaultReusePolicyOnlyRefusesTheRotatedToken() {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        CreatedToken successor = tokens.rotate("alice", old.info().id(), Duration.ZERO);

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);

        assertThat(auth(tokens, successor).isAuthenticated()).isTrue();
    }

    @Test
    void revokeFamilyRevokesEveryStillValidSuccessorAsLeakedAndTheirChildrenAsParent() {
        ApiTokens tokens = open(builder(shared).rotatedTokenReuse(RotatedTokenReuse.REVOKE_FAMILY));
        CreatedToken first = tokens.create("alice", "CI", Expiration.never());
        CreatedToken second = tokens.rotate("alice", first.info().id(), Duration.ZERO);
        CreatedToken third = tokens.rotate("alice", second.info().id(), HOUR);
        ApiTokenPrincipal thirdPrincipal = ((AuthenticationResult.Authenticated) auth(tokens, third)).principal();
        CreatedToken child = tokens.createChild(thirdPrincipal, "child", Expiration.never(), Set.of());
        CreatedToken unrelated = tokens.create("alice", "other", Expiration.never());
        events.clear();

        assertThat(rejection(tokens, first)).isEqualTo(RejectionReason.ROTATED);

        assertThat(rejection(tokens, third)).isEqualTo(RejectionReason.REVOKED);
        assertThat(rejection(tokens, child)).isEqualTo(RejectionReason.REVOKED);
        assertThat(stored(third).revocationReason()).isEqualTo(RevocationReason.LEAKED);
        assertThat(stored(child).revocationReason()).isEqualTo(RevocationReason.PARENT);
        assertThat(stored(second).revocationReason()).as("already rotated, kept").isEqualTo(RevocationReason.ROTATED);
        assertThat(auth(tokens, unrelated).isAuthenticated()).isTrue();
        assertThat(revokedEvents()).extracting(TokenEvent.Revoked::tokenId, TokenEvent.Revoked::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(third.info().id(), RevocationReason.LEAKED),
                        org.assertj.core.api.Assertions.tuple(child.info().id(), RevocationReason.PARENT));
    }

    @Test
    void rotationOfAChildIsCappedByItsParentAndByTheMaximumLifetime() {
        ApiTokens tokens = open(builder(shared).maxLifetime(Duration.ofDays(20)));
        CreatedToken parent = tokens.create("alice", "parent", Expiration.after(Duration.ofDays(15)));
        ApiTokenPrincipal parentPrincipal = ((AuthenticationResult.Authenticated) auth(tokens, parent)).principal();
        CreatedToken child = tokens.createChild(parentPrincipal, "child", Expiration.after(Duration.ofDays(10)),
                Set.of());
        CreatedToken plain = tokens.create("alice", "plain", Expiration.after(Duration.ofDays(20)));
        clock.advance(Duration.ofDays(8));

        CreatedToken childSuccessor = tokens.rotate("alice", child.info().id(), HOUR);
        CreatedToken plainSuccessor = tokens.rotate("alice", plain.info().id(), HOUR);

        assertThat(childSuccessor.info().expiresAt()).as("capped by the parent").isEqualTo(T0.plus(Duration.ofDays(15)));
        assertThat(childSuccessor.info().parentId()).isEqualTo(parent.info().id());
        assertThat(plainSuccessor.info().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(28)));
    }

    @Test
    void aNeverExpiringTokenRotatedUnderAMaximumLifetimeGetsTheLongestAllowed() {
        ApiTokens before = node();
        CreatedToken old = before.create("alice", "CI", Expiration.never());
        ApiTokens capped = open(builder(shared).maxLifetime(Duration.ofDays(90)));

        CreatedToken successor = capped.rotate("alice", old.info().id(), HOUR);

        assertThat(successor.info().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(90)));
    }

    @Test
    void rotationDoesNotCountAgainstTheActiveTokenLimit() {
        ApiTokens tokens = open(builder(shared).maxActiveTokensPerOwner(1));
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());

        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);

        assertThat(successor.info().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThatThrownBy(() -> tokens.create("alice", "third", Expiration.never()))
                .isInstanceOf(TokenLimitExceededException.class).hasMessageContaining("already has 1 active tokens");
    }

    @Test
    void rotateRefusesUnknownRevokedExpiredAlreadyRotatedOthersTokensAndANegativeOverlap() {
        ApiTokens tokens = node();
        CreatedToken revoked = tokens.create("alice", "r", Expiration.never());
        tokens.revoke("alice", revoked.info().id());
        CreatedToken expiring = tokens.create("alice", "e", Expiration.after(Duration.ofMinutes(1)));
        CreatedToken rotated = tokens.create("alice", "x", Expiration.never());
        tokens.rotate("alice", rotated.info().id(), HOUR);
        CreatedToken bobs = tokens.create("bob", "b", Expiration.never());
        clock.advance(Duration.ofMinutes(1));

        for (String id : List.of("no-such-id", revoked.info().id(), expiring.info().id(), rotated.info().id(),
                bobs.info().id())) {
            assertThatThrownBy(() -> tokens.rotate("alice", id, HOUR)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tokenId: expected an active token of the owner, got '" + id + "'");
        }
        assertThatThrownBy(() -> tokens.rotate("bob", bobs.info().id(), Duration.ofSeconds(-1)))
                .hasMessage("overlap: expected zero or a positive duration, got '-1s'");
        assertThat(tokens.list("alice")).hasSize(4);
    }

    @Test
    void aFailureToRetireThePredecessorDoesNotFailTheRequestAndIsRetriedAtTheNextUse() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        ForwardingTokenStore flaky = new ForwardingTokenStore(shared) {
            @Override
            public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
                if (reason == RevocationReason.ROTATED && !revokedAt.isAfter(clock.instant())
                        && failuresLeft.getAndDecrement() > 0) {
                    throw new TokenStoreException("injected: store down");
                }
                return super.revoke(owner, id, revokedAt, reason);
            }
        };
        ApiTokens tokens = open(builder(flaky));
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);

        try (LogCapture log = new LogCapture()) {
            assertThat(auth(tokens, successor).isAuthenticated()).isTrue();
            assertThat(log.lines()).anySatisfy(m -> assertThat(m).contains("Could not retire token "
                    + old.info().id()));
            assertThat(String.join("\n", log.lines())).doesNotContain(successor.token().reveal())
                    .doesNotContain(old.token().reveal());
        }
        assertThat(auth(tokens, old).isAuthenticated()).as("not retired yet").isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(auth(tokens, successor).isAuthenticated()).isTrue();

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);
    }

    @Test
    void aCacheOnlyUseNeverReachesTheStoreSoItRetiresNothingAndRevokesNoFamily() {
        CountingTokenStore counting = new CountingTokenStore(shared);
        ApiTokens tokens = open(builder(counting).rotatedTokenReuse(RotatedTokenReuse.REVOKE_FAMILY)
                .cacheTtl(Duration.ofHours(3)));
        CreatedToken old = tokens.create("alice", "CI", Expiration.never(), Set.of("a:read"));
        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);
        assertThat(auth(tokens, old).isAuthenticated()).isTrue();
        AuthenticationContext needsWrite = AuthenticationContext.requiringScopes("a:write");
        assertThat(tokens.authenticate(successor.token().reveal(), needsWrite))
                .isInstanceOf(AuthenticationResult.InsufficientScope.class);
        AuthenticationContext cacheOnly = AuthenticationContext.defaults().cacheOnly();
        int revokes = counting.revokes.get();

        assertThat(tokens.authenticate(successor.token().reveal(), cacheOnly).isAuthenticated()).isTrue();
        assertThat(auth(tokens, old).isAuthenticated()).as("not retired by a cache-only use").isTrue();
        clock.advance(HOUR);
        assertThat(tokens.authenticate(old.token().reveal(), cacheOnly))
                .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.ROTATED));
        assertThat(counting.revokes.get()).isEqualTo(revokes);
        assertThat(stored(successor).revokedAt()).as("no family revocation from a cache-only lookup").isNull();

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);

        assertThat(stored(successor).revocationReason()).isEqualTo(RevocationReason.LEAKED);
    }

    @Test
    void concurrentFirstUsesRetireThePredecessorOnceAndAnnounceItOnce() throws Exception {
        ApiTokens tokens = node();
        CreatedToken old = tokens.create("alice", "CI", Expiration.never());
        CreatedToken successor = tokens.rotate("alice", old.info().id(), HOUR);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> uses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                uses.add(pool.submit(() -> {
                    start.await();
                    return auth(tokens, successor).isAuthenticated();
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Boolean> use : uses) {
                assertThat(use.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(rejection(tokens, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(revokedEvents()).extracting(TokenEvent.Revoked::tokenId).containsExactly(old.info().id());
    }

    // ---------------------------------------------------------------- two nodes, one store

    @Test
    void twoNodesTheOtherNodeLearnsTheScheduleAndTheRetirementThroughTheFeed() {
        ApiTokens a = node();
        ApiTokens b = node();
        CreatedToken old = a.create("alice", "CI", Expiration.never());
        assertThat(auth(a, old).isAuthenticated()).isTrue();
        assertThat(auth(b, old).isAuthenticated()).isTrue();

        CreatedToken successor = a.rotate("alice", old.info().id(), HOUR);
        b.pollRevocationsNow();
        assertThat(auth(b, old).isAuthenticated()).as("inside the overlap").isTrue();

        clock.advance(Duration.ofSeconds(2));
        assertThat(auth(a, successor).isAuthenticated()).isTrue();
        assertThat(rejection(a, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(auth(b, old).isAuthenticated()).as("b has not polled yet").isTrue();

        b.pollRevocationsNow();

        assertThat(rejection(b, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(auth(b, successor).isAuthenticated()).isTrue();
    }

    @Test
    void twoNodesACachedScheduledRevocationTakesEffectWithoutAStoreCall() {
        ApiTokens a = node();
        CountingTokenStore counting = new CountingTokenStore(shared);
        ApiTokens b = open(builder(counting).cacheTtl(Duration.ofHours(3)));
        CreatedToken old = a.create("alice", "CI", Expiration.never());
        assertThat(auth(b, old).isAuthenticated()).isTrue();
        a.rotate("alice", old.info().id(), HOUR);
        b.pollRevocationsNow();
        assertThat(auth(b, old).isAuthenticated()).isTrue();
        int lookups = counting.findByHash.get();

        clock.advance(HOUR);
        b.pollRevocationsNow();

        assertThat(rejection(b, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(counting.findByHash.get()).isEqualTo(lookups);
    }

    @Test
    void twoNodesTheSuccessorsFirstUseOnEitherNodeRetiresThePredecessor() {
        ApiTokens a = node();
        ApiTokens b = node();
        CreatedToken old = a.create("alice", "CI", Expiration.never());
        CreatedToken successor = a.rotate("alice", old.info().id(), HOUR);
        clock.advance(Duration.ofSeconds(1));

        assertThat(auth(b, successor).isAuthenticated()).isTrue();

        assertThat(rejection(b, old)).isEqualTo(RejectionReason.ROTATED);
        a.pollRevocationsNow();
        assertThat(rejection(a, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(stored(old).revokedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void twoNodesRevokeFamilyOnOneNodeReachesTheOtherThroughTheFeed() {
        ApiTokens a = node();
        ApiTokens b = open(builder(shared).rotatedTokenReuse(RotatedTokenReuse.REVOKE_FAMILY));
        CreatedToken old = a.create("alice", "CI", Expiration.never());
        CreatedToken successor = a.rotate("alice", old.info().id(), Duration.ZERO);
        assertThat(auth(a, successor).isAuthenticated()).isTrue();

        assertThat(rejection(b, old)).isEqualTo(RejectionReason.ROTATED);
        assertThat(auth(a, successor).isAuthenticated()).as("a has not polled yet").isTrue();
        a.pollRevocationsNow();

        assertThat(rejection(a, successor)).isEqualTo(RejectionReason.REVOKED);
        assertThat(stored(successor).revocationReason()).isEqualTo(RevocationReason.LEAKED);
    }
}
