package org.speakr.token.core;

import java.time.Instant;
import org.speakr.token.core.spi.TokenRecord;

/**
 * A cached token that needs more than its principal to be judged: a revocation scheduled for later (a token
 * rotated away with an overlap), allowed networks (parsed once, here), or a predecessor its first use on this node
 * retires. Most tokens need none of these and are cached as their {@link ApiTokenPrincipal} alone, so they cost
 * no more memory or time than before.
 */
final class CachedToken {
    final ApiTokenPrincipal principal;
    /** When the stored revocation takes (or took) effect, or null. */
    final Instant revokedAt;
    /** The rejection once {@link #revokedAt} is reached. */
    final RejectionReason revokedAs;
    /** Null for any network. */
    final AllowedNetworks networks;
    /** The token this one replaced by rotation, while this node has not yet retired it at a first use; else null. */
    final String predecessorId;
    private volatile boolean predecessorRetired;
    /** Set once this node revoked the family of a rotated token presented again. */
    volatile boolean familyRevoked;

    private CachedToken(ApiTokenPrincipal principal, TokenRecord record) {
        this.principal = principal;
        this.revokedAt = record.revokedAt();
        this.revokedAs = record.revocationReason() == RevocationReason.ROTATED
                ? RejectionReason.ROTATED : RejectionReason.REVOKED;
        this.networks = record.allowedNetworks().isEmpty() ? null : AllowedNetworks.of(record.allowedNetworks());
        this.predecessorId = record.lastUsedAt() == null ? record.predecessorId() : null;
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

    /** @return the predecessor still to retire at this use, or null */
    String predecessorToRetire() {
        return predecessorId == null || predecessorRetired ? null : predecessorId;
    }

    void predecessorRetired() {
        predecessorRetired = true;
    }
}
