package org.speakr.token.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * The lifecycle sweep of {@link ApiTokens#runMaintenance()}: expiry notices, revocation of unused tokens and purge
 * of long revoked or expired rows. Each step is safe to run on every node at once: a notice is published only by
 * the node whose {@link TokenStore#claimExpiryNotice} claim won, and a token is revoked for idleness by one
 * conditional write, announced by the node whose call changed it. Never throws; each failing step is logged
 * through its own {@link BackgroundFailures}.
 */
final class LifecycleSweep {
    private static final Logger log = LoggerFactory.getLogger(LifecycleSweep.class);

    /** Revokes one token at {@code at} with the reason and its descendants with PARENT, announcing what changed. */
    @FunctionalInterface
    interface Revoker {
        void revoke(TokenRecord record, Instant at, RevocationReason reason);
    }

    private final TokenStore store;
    private final Clock clock;
    /** Longest first; empty when notices are off. */
    private final List<Duration> thresholds;
    private final boolean publishesNotices;
    private final Duration unusedIdleTime;
    private final Duration purgeRetention;
    private final Consumer<TokenEvent> publisher;
    private final Revoker revoker;
    private final Runnable beforeSweep;
    private final BackgroundFailures noticeFailures;
    private final BackgroundFailures unusedFailures;
    private final BackgroundFailures purgeFailures;

    /**
     * @param thresholds expiry-notice thresholds, longest first
     * @param publishesNotices false when no listener would hear a notice: then none is claimed either, so a node
     *        that does listen still gets it
     * @param unusedIdleTime or null for off
     * @param purgeRetention or null for off
     * @param beforeSweep run first (writes pending last uses, so the idle check sees this node's recent uses)
     */
    LifecycleSweep(TokenStore store, Clock clock, List<Duration> thresholds, boolean publishesNotices,
            Duration unusedIdleTime, Duration purgeRetention, Consumer<TokenEvent> publisher, Revoker revoker,
            Runnable beforeSweep) {
        this.store = store;
        this.clock = clock;
        this.thresholds = thresholds;
        this.publishesNotices = publishesNotices;
        this.unusedIdleTime = unusedIdleTime;
        this.purgeRetention = purgeRetention;
        this.publisher = publisher;
        this.revoker = revoker;
        this.beforeSweep = beforeSweep;
        this.noticeFailures = new BackgroundFailures(log, "Expiry notice sweep", clock);
        this.unusedFailures = new BackgroundFailures(log, "Unused-token revocation", clock);
        this.purgeFailures = new BackgroundFailures(log, "Purge of revoked and expired tokens", clock);
    }

    /**
     * @param thresholds longest first
     * @return the shortest threshold within which {@code expiresAt} already lies at {@code now}, or null for none
     *         (or a token that never expires)
     */
    static Duration reached(List<Duration> thresholds, Instant now, Instant expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        Duration left = Duration.between(now, expiresAt);
        Duration shortest = null;
        for (Duration threshold : thresholds) {
            if (left.compareTo(threshold) <= 0) {
                shortest = threshold;
            }
        }
        return shortest;
    }

    /** Runs every configured step; never throws. */
    void run() {
        try {
            beforeSweep.run();
        } catch (RuntimeException e) {
            log.debug("Writing last uses before the sweep failed", e);
        }
        step(noticeFailures, "Could not publish expiry notices; will retry at the next sweep", this::notices);
        if (unusedIdleTime != null) {
            step(unusedFailures, "Could not revoke unused tokens; will retry at the next sweep", this::unused);
        }
        if (purgeRetention != null) {
            step(purgeFailures, "Could not purge revoked and expired tokens; will retry at the next sweep",
                    this::purge);
        }
    }

    /** @return what the unused-token policy would revoke for {@code idle}, oldest use first */
    List<TokenRecord> unused(Duration idle, Instant now) {
        return store.findUnusedBefore(now.minus(idle), now).stream()
                .sorted(Comparator.comparing((TokenRecord r) -> r.lastUsedAt() != null ? r.lastUsedAt() : r.createdAt())
                        .thenComparing(TokenRecord::id))
                .toList();
    }

    private static void step(BackgroundFailures failures, String message, Runnable step) {
        try {
            step.run();
            failures.succeeded();
        } catch (RuntimeException | Error e) {
            failures.failed(message, e);
        }
    }

    private void notices() {
        if (thresholds.isEmpty() || !publishesNotices) {
            return;
        }
        Instant now = clock.instant();
        for (TokenRecord record : store.findExpiringBetween(now, now.plus(thresholds.get(0)))) {
            Duration threshold = reached(thresholds, now, record.expiresAt());
            // A token whose revocation is scheduled (rotated away) is leaving: no notice.
            boolean due = threshold != null && record.revokedAt() == null
                    && (record.expiryNoticed() == null || record.expiryNoticed().compareTo(threshold) > 0);
            if (due && store.claimExpiryNotice(record.id(), threshold)) {
                publisher.accept(new TokenEvent.ExpiringSoon(record.id(), record.owner(), record.name(),
                        record.expiresAt(), threshold, now));
            }
        }
    }

    private void unused() {
        Instant now = clock.instant();
        for (TokenRecord record : store.findUnusedBefore(now.minus(unusedIdleTime), now)) {
            revoker.revoke(record, now, RevocationReason.UNUSED);
        }
    }

    private void purge() {
        int purged = store.purge(clock.instant().minus(purgeRetention));
        if (purged > 0) {
            log.info("Purged {} tokens revoked or expired more than {} ago", purged,
                    org.speakr.token.core.internal.SettingValues.format(purgeRetention));
        }
    }
}
