package org.speakr.token.core;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.internal.ScopeRules;

/**
 * What an owner may see about one of their tokens: everything but the secret.
 *
 * @param id public id, used to revoke
 * @param owner the owner
 * @param name the owner's label
 * @param hint display hint such as {@code spk_…a1B2}
 * @param status status at the time of the call that produced this value
 * @param scopes scopes, empty means full access
 * @param createdAt creation instant
 * @param expiresAt expiry instant, or {@code null} for never
 * @param lastUsedAt last successful authentication, or {@code null} (written behind, so up to one write interval old)
 * @param revokedAt revocation instant, or {@code null}
 * @param revocationReason why it was revoked, or {@code null} when it is not
 * @param parentId the id of the token that created this one, or {@code null} when its owner did
 * @param lastUsedAddress the client address of the last use, or {@code null}
 * @param lastUsedUserAgent the client user agent of the last use, or {@code null}
 * @param allowedNetworks the CIDR blocks it may be used from; empty for any network
 * @param predecessorId the id of the token this one replaced by rotation, or {@code null}
 */
public record TokenInfo(String id, String owner, String name, String hint, TokenStatus status, Set<String> scopes,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
        RevocationReason revocationReason, String parentId, String lastUsedAddress, String lastUsedUserAgent,
        List<String> allowedNetworks, String predecessorId) {

    /** Takes an immutable, sorted copy of the scopes. */
    public TokenInfo {
        scopes = ScopeRules.immutableCopy(scopes);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    static TokenInfo of(TokenRecord record, Instant now) {
        return new TokenInfo(record.id(), record.owner(), record.name(), record.hint(), record.statusAt(now),
                record.scopes(), record.createdAt(), record.expiresAt(), record.lastUsedAt(), record.revokedAt(),
                record.revocationReason(), record.parentId(), record.lastUsedAddress(), record.lastUsedUserAgent(),
                record.allowedNetworks(), record.predecessorId());
    }
}
