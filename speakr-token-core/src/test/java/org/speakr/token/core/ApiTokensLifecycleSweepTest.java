package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.testkit.MutableClock;

/**
 * The maintenance sweep: expiry notices (exactly one per token and threshold across nodes sharing a store),
 * revocation of unused tokens (the same ids as the dry run), and purge of long revoked or expired rows.
 */
class ApiTokensLifecycleSweepTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryTokenStore shared = new InMemoryTokenStore();
    private final List<ApiTokens> opened = new ArrayList<>();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

    private ApiTokens.Builder builder(TokenStore store) {
        return ApiTokens.builder().store(store).clock(clock).revocationPollInterval(Duration.ZERO)
                .lastUsedWriteInterval(Duration.ofHours(5)).maintenanceInterval(Duration.ofHours(5))
                .eventListener(events::add);
    }

    private ApiTokens open(ApiTokens.Builder builder) {
        ApiTokens tokens = builder.build();
        opened.add(tokens);
        return tokens;
    }

    @AfterEach
    void close() {
        opened.forEach(ApiTokens::close);
    }

    private List<TokenEvent.ExpiringSoon> notices() {
        return events.stream().filter(TokenEvent.ExpiringSoon.class::isInstance)
                .map(TokenEvent.ExpiringSoon.class::cast).toList();
    }

    // ---------------------------------------------------------------- expiry notices

    @Test
    void threeNodesPublishExactlyOneNoticePerTokenAndThreshold() {
        List<ApiTokens> nodes = List.of(open(builder(shared)), open(builder(shared)), open(builder(shared)));
        CreatedToken token = nodes.get(0).create("alice", "CI", Expiration.after(Duration.ofDays(30)));

        for (int day = 0; day < 31; day++) {
            for (int hour = 0; hour < 24; hour += 6) {
                nodes.forEach(ApiTokens::runMaintenance);
                clock.advance(Duration.ofHours(6));
            }
        }

        assertThat(notices()).extracting(TokenEvent.ExpiringSoon::tokenId, TokenEvent.ExpiringSoon::threshold,
                TokenEvent.ExpiringSoon::name, TokenEvent.ExpiringSoon::expiresAt)
                .containsExactly(tuple(token.info().id(), Duration.ofDays(7), "CI", T0.plus(Duration.ofDays(30))),
                        tuple(token.info().id(), DAY, "CI", T0.plus(Duration.ofDays(30))));
        assertThat(notices().get(0).at()).isEqualTo(T0.plus(Duration.ofDays(23)));
        assertThat(notices().get(1).at()).isEqualTo(T0.plus(Duration.ofDays(29)));
    }

    @Test
    void threeNodesSweepingConcurrentlyFromThreadsStillPublishOneNoticeEach() throws Exception {
        List<ApiTokens> nodes = List.of(open(builder(shared)), open(builder(shared)), open(builder(shared)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(nodes.get(i % 3).create("owner" + i % 4, "t" + i, Expiration.after(Duration.ofDays(8))).info().id());
        }
        clock.advance(Duration.ofDays(2));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    ApiTokens node = nodes.get(t % 3);
                    runs.add(pool.submit(() -> {
                        start.await();
                        node.runMaintenance();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) {
                    run.get(30, TimeUnit.SECONDS);
                }
                if (round == 9) {
                    clock.advance(Duration.ofDays(5));
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(notices()).hasSize(40);
        for (String id : ids) {
            assertThat(notices()).filteredOn(n -> n.tokenId().equals(id))
                    .extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(Duration.ofDays(7), DAY);
        }
    }

    @Test
    void aTokenCreatedInsideAThresholdGetsNoNoticeForIt() {
        ApiTokens node = open(builder(shared));
        CreatedToken inSeven = node.create("alice", "3 days", Expiration.after(Duration.ofDays(3)));
        CreatedToken inOne = node.create("alice", "12 hours", Expiration.after(Duration.ofHours(12)));
        node.create("alice", "never", Expiration.never());

        for (int hour = 0; hour < 80; hour++) {
            node.runMaintenance();
            clock.advance(Duration.ofHours(1));
        }

        assertThat(notices()).extracting(TokenEvent.ExpiringSoon::tokenId, TokenEvent.ExpiringSoon::threshold)
                .containsExactly(tuple(inSeven.info().id(), DAY));
        assertThat(notices()).noneMatch(n -> n.tokenId().equals(inOne.info().id()));
    }

    @Test
    void aNodeThatWasDownForAWhileEmitsOnlyTheShortestThresholdReached() {
        ApiTokens node = open(builder(shared));
        CreatedToken token = node.create("alice", "CI", Expiration.after(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(22));
        node.runMaintenance();
        assertThat(notices()).isEmpty();

        clock.advance(Duration.ofDays(7).plusHours(12)); // down from day 22 to day 29.5

        node.runMaintenance();
        node.runMaintenance();
        assertThat(notices()).extracting(TokenEvent.ExpiringSoon::tokenId, TokenEvent.ExpiringSoon::threshold)
                .containsExactly(tuple(token.info().id(), DAY));
    }

    @Test
    void customThresholdsNoneAndNoListenerClaimNothing() {
        ApiTokens off = open(builder(shared).expiryNoticeThresholds(List.of()));
        CountingTokenStore counting = new CountingTokenStore(shared);
        ApiTokens deaf = open(ApiTokens.builder().store(counting).clock(clock).revocationPollInterval(Duration.ZERO)
                .maintenanceInterval(Duration.ofHours(5)));
        ApiTokens listening = open(builder(shared).expiryNoticeThresholds(List.of(Duration.ofHours(2))));
        CreatedToken token = off.create("alice", "CI", Expiration.after(Duration.ofDays(1)));
        clock.advance(Duration.ofHours(23));

        off.runMaintenance();
        deaf.runMaintenance();
        assertThat(notices()).isEmpty();
        assertThat(shared.findByHash(Digest.fromHex(hashOf(token)).toHex()).orElseThrow().expiryNoticed())
                .as("created by a node without thresholds; the node without a listener claimed nothing").isNull();

        listening.runMaintenance();
        assertThat(notices()).extracting(TokenEvent.ExpiringSoon::threshold).containsExactly(Duration.ofHours(2));
    }

    private String hashOf(CreatedToken token) {
        return shared.findByOwner(token.info().owner()).stream().filter(r -> r.id().equals(token.info().id()))
                .findFirst().orElseThrow().hash();
    }

    @Test
    void aFailingStepIsLoggedAndTheOthersStillRun() {
        ForwardingTokenStore broken = new ForwardingTokenStore(shared) {
            @Override
            public List<TokenRecord> findExpiringBetween(Instant now, Instant until) {
                throw new TokenStoreException("injected: store down");
            }
        };
        ApiTokens node = open(builder(broken).purgeRetention(DAY));
        CreatedToken revoked = node.create("alice", "CI", Expiration.never());
        node.revoke("alice", revoked.info().id());
        clock.advance(Duration.ofDays(2));

        try (LogCapture log = new LogCapture()) {
            node.runMaintenance();
            node.runMaintenance();
            assertThat(log.lines()).filteredOn(l -> l.contains("Could not publish expiry notices")).hasSize(1);
        }
        assertThat(shared.findByOwner("alice")).isEmpty();
    }

    // ---------------------------------------------------------------- unused tokens

    @Test
    void unusedPolicyRevokesExactlyWhatThePreviewListedAndTheirChildren() {
        Duration idle = Duration.ofDays(30);
        ApiTokens node = open(builder(shared).unusedTokenIdleTime(idle));
        CreatedToken neverUsed = node.create("alice", "never used", Expiration.never());
        CreatedToken usedEarly = node.create("alice", "used early", Expiration.never());
        CreatedToken usedLate = node.create("bob", "used late", Expiration.never());
        clock.advance(Duration.ofDays(1));
        ApiTokenPrincipal early = ((AuthenticationResult.Authenticated) node.authenticate(usedEarly.token().reveal()))
                .principal();
        CreatedToken child = node.createChild(early, "child", Expiration.never(), java.util.Set.of());
        clock.advance(Duration.ofDays(25));
        assertThat(node.authenticate(usedLate.token().reveal()).isAuthenticated()).isTrue();
        assertThat(node.authenticate(child.token().reveal()).isAuthenticated()).isTrue();
        node.flushLastUsed();
        clock.advance(Duration.ofDays(10));

        List<TokenInfo> preview = node.previewUnused(idle);
        assertThat(preview).extracting(TokenInfo::id).containsExactly(neverUsed.info().id(), usedEarly.info().id());
        assertThat(node.list("alice")).allMatch(t -> t.status() == TokenStatus.ACTIVE);
        events.clear();

        node.runMaintenance();

        assertThat(events).filteredOn(TokenEvent.Revoked.class::isInstance).map(TokenEvent.Revoked.class::cast)
                .extracting(TokenEvent.Revoked::tokenId, TokenEvent.Revoked::reason)
                .containsExactlyInAnyOrder(tuple(neverUsed.info().id(), RevocationReason.UNUSED),
                        tuple(usedEarly.info().id(), RevocationReason.UNUSED),
                        tuple(child.info().id(), RevocationReason.PARENT));
        assertThat(node.authenticate(neverUsed.token().reveal())).isEqualTo(
                AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(node.authenticate(usedLate.token().reveal()).isAuthenticated()).isTrue();
        assertThat(node.previewUnused(idle)).isEmpty();
    }

    @Test
    void unusedPolicyOnThreeNodesAnnouncesEachRevocationOnce() {
        List<ApiTokens> nodes = List.of(open(builder(shared).unusedTokenIdleTime(DAY)),
                open(builder(shared).unusedTokenIdleTime(DAY)), open(builder(shared).unusedTokenIdleTime(DAY)));
        for (int i = 0; i < 5; i++) {
            nodes.get(0).create("alice", "t" + i, Expiration.never());
        }
        clock.advance(Duration.ofDays(2));

        nodes.forEach(ApiTokens::runMaintenance);

        assertThat(events).filteredOn(TokenEvent.Revoked.class::isInstance).hasSize(5);
    }

    @Test
    void previewUsesTheLastUseNotedOnThisNodeEvenBeforeItsFlushOnlyInTheSweep() {
        ApiTokens node = open(builder(shared).unusedTokenIdleTime(Duration.ofDays(30)));
        CreatedToken token = node.create("alice", "CI", Expiration.never());
        clock.advance(Duration.ofDays(31));
        assertThat(node.authenticate(token.token().reveal()).isAuthenticated()).isTrue();

        node.runMaintenance();

        assertThat(node.authenticate(token.token().reveal()).isAuthenticated())
                .as("the sweep writes this node's pending uses first").isTrue();
    }

    // ---------------------------------------------------------------- purge

    @Test
    void purgeRemovesOnlyRowsRevokedOrExpiredLongerAgoThanTheRetention() {
        ApiTokens node = open(builder(shared).purgeRetention(Duration.ofDays(90)));
        CreatedToken revokedLongAgo = node.create("alice", "old revoked", Expiration.never());
        CreatedToken expiredLongAgo = node.create("alice", "old expired", Expiration.after(DAY));
        node.revoke("alice", revokedLongAgo.info().id());
        clock.advance(Duration.ofDays(60));
        CreatedToken revokedRecently = node.create("alice", "recent revoked", Expiration.never());
        node.revoke("alice", revokedRecently.info().id());
        CreatedToken expiredRecently = node.create("alice", "recent expired", Expiration.after(DAY));
        CreatedToken active = node.create("alice", "active", Expiration.never());
        clock.advance(Duration.ofDays(32));

        node.runMaintenance();

        assertThat(node.list("alice")).extracting(TokenInfo::id).containsExactlyInAnyOrder(
                revokedRecently.info().id(), expiredRecently.info().id(), active.info().id());
        assertThat(node.authenticate(revokedLongAgo.token().reveal())).as("a purged token is unknown, still refused")
                .isInstanceOf(AuthenticationResult.Rejected.class);
        assertThat(expiredLongAgo.info().id()).isNotIn(node.list("alice").stream().map(TokenInfo::id).toList());
    }

    @Test
    void offByDefaultNothingIsRevokedOrPurged() {
        ApiTokens node = open(builder(shared));
        CreatedToken unused = node.create("alice", "unused", Expiration.never());
        CreatedToken revoked = node.create("alice", "revoked", Expiration.never());
        node.revoke("alice", revoked.info().id());
        clock.advance(Duration.ofDays(3650));

        node.runMaintenance();

        assertThat(node.list("alice")).hasSize(2);
        assertThat(node.authenticate(unused.token().reveal()).isAuthenticated()).isTrue();
        assertThat(node.toString()).contains("unused-token-idle-time=off", "purge-retention=off");
    }
}
