package org.speakr.token.core;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.spi.TokenRecord;

/**
 * A cached token that needs more than its principal to be judged: a revocation scheduled for later (a token
 * rotated away with an overlap), allowed networks (parsed once, here), or a predecessor its first use on this node
 * retires. Most tokens need none of these and are cached as their {@link ApiTokenPrincipal} alone, so they cost
 * no more memory or time than before.
 */
final class CachedToken {
    private static final Logger log = LoggerFactory.getLogger(CachedToken.class);
    final ApiTokenPrincipal principal;
    /** When the stored revocation takes (or took) effect, or null. */
    final Instant revokedAt;
    /** The rejection once {@link #revokedAt} is reached. */
    final RejectionReason revokedAs;
    /** Null for any network. */
    final AllowedNetworks networks;
    /** The token this one replaced by rotation, while this node has not yet retired it at a first use; else null. */
    final String predecessorId;
    /** 0: to retire, 1: a request is retiring it, 2: retired; only allocated with a predecessor to retire. */
    private final AtomicInteger retirement;
    /** Set once this node revoked the family of a rotated token presented again. */
    volatile boolean familyRevoked;

    private CachedToken(ApiTokenPrincipal principal, TokenRecord record) {
        this.principal = principal;
        this.revokedAt = record.revokedAt();
        this.revokedAs = record.revocationReason() == RevocationReason.ROTATED
                ? RejectionReason.ROTATED : RejectionReason.REVOKED;
        this.networks = record.allowedNetworks().isEmpty() ? null : networks(record);
        this.predecessorId = record.lastUsedAt() == null ? record.predecessorId() : null;
        this.retirement = predecessorId == null ? null : new AtomicInteger();
    }

    private static AllowedNetworks networks(TokenRecord record) {
        try {
            return AllowedNetworks.of(record.allowedNetworks());
        } catch (IllegalArgumentException e) {
            log.warn("Token {} has stored allowed networks that cannot be read; every use is refused: {}",
                    record.id(), e.getMessage());
            return AllowedNetworks.nothing();
        }
    }

    /** @return what to cache for {@code record}: its principal alone when nothing else is needed */
    static Object of(TokenRecord record) {
        ApiTokenPrincipal principal = new ApiTokenPrincipal(
                record.owner(), record.id(), record.name(), record.scopes(), record.expiresAt());
        boolean plain = record.revokedAt() == null && record.allowedNetworks().isEmpty()
                && (record.predecessorId() == null || record.lastUsedAt() != null);
        return plain ? principal : new CachedToken(principal, record);
    }

    /** @return the principal of a cache value made by {@link #of} */
    static ApiTokenPrincipal principal(Object cached) {
        return cached instanceof CachedToken token ? token.principal : (ApiTokenPrincipal) cached;
    }

    /** @return the rejection of a revoked cache value made by {@link #of}: ROTATED or REVOKED */
    static RejectionReason revokedAs(Object cached) {
        return cached instanceof CachedToken token ? token.revokedAs : RejectionReason.REVOKED;
    }

    boolean isRevokedAt(Instant now) {
        return revokedAt != null && !revokedAt.isAfter(now);
    }

    /**
     * @return the predecessor this use must retire, or null: none, retired already, or another request is
     *         retiring it right now (one attempt at a time per node; it must then call {@link #retired(boolean)})
     */
    String predecessorToRetire() {
        return retirement != null && retirement.get() == 0 && retirement.compareAndSet(0, 1) ? predecessorId : null;
    }

    /** Ends the attempt {@link #predecessorToRetire()} started: done, or to retry at the next use. */
    void retired(boolean done) {
        retirement.set(done ? 2 : 0);
    }
}
