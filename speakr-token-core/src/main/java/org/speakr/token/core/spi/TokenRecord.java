package org.speakr.token.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenStatus;
import org.speakr.token.core.internal.ExpiryRule;
import org.speakr.token.core.internal.ScopeRules;

/**
 * A token as a {@link TokenStore} keeps it: never the plaintext, only its hash. Immutable.
 *
 * @param id public, random id (not derived from the secret)
 * @param owner the owner's identifier
 * @param name the owner's label for the token, 1–100 characters
 * @param hash lowercase hex of SHA-256 or HMAC-SHA-256 of the token, 64 characters
 * @param hashKeyId {@value #SHA256_KEY_ID} for plain SHA-256, else the id of the HMAC key that made {@code hash}
 * @param hint a display hint such as {@code spk_…a1B2}; not enough to guess the token
 * @param scopes scopes; empty means full access
 * @param createdAt when it was created
 * @param expiresAt when it expires, or {@code null} for never
 * @param lastUsedAt when it last authenticated a request (updated write-behind), or {@code null}
 * @param revokedAt when it was revoked, or {@code null}; an instant in the future is a scheduled revocation (a
 *        token rotated away with an overlap stays valid until then), so "revoked" always means
 *        {@code revokedAt <= now}
 * @param revocationReason why it was revoked; {@code null} exactly when {@code revokedAt} is
 * @param parentId the id of the token that created this one (a child token), or {@code null} for a token its
 *        owner created
 * @param lastUsedAddress the client address of the use recorded in {@code lastUsedAt}, or {@code null}
 * @param lastUsedUserAgent the client user agent of the use recorded in {@code lastUsedAt}, or {@code null}
 * @param allowedNetworks CIDR blocks in canonical form ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) a use must
 *        come from; empty means any network
 * @param predecessorId the id of the token this one replaced by rotation, or {@code null}
 * @param expiryNoticed the shortest expiry-notice threshold already claimed for this token (see
 *        {@link TokenStore#claimExpiryNotice}), or {@code null} for none
 */
public record TokenRecord(String id, String owner, String name, String hash, String hashKeyId, String hint,
        Set<String> scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
        RevocationReason revocationReason, String parentId, String lastUsedAddress, String lastUsedUserAgent,
        List<String> allowedNetworks, String predecessorId, Duration expiryNoticed) {

    /** The {@link #hashKeyId()} of tokens hashed with plain, unkeyed SHA-256. */
    public static final String SHA256_KEY_ID = "sha256";

    /**
     * Checks required fields and takes an immutable, sorted copy of the scopes.
     *
     * @throws IllegalArgumentException when only one of {@code revokedAt} and {@code revocationReason} is given
     */
    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(hashKeyId, "hashKeyId");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = ScopeRules.immutableCopy(scopes);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        if ((revokedAt == null) != (revocationReason == null)) {
            throw new IllegalArgumentException("revocationReason: expected a reason exactly when revokedAt is set,"
                    + " got revokedAt=" + revokedAt + ", revocationReason=" + revocationReason);
        }
    }

    /**
     * A record without client facts, network constraint, predecessor or expiry notice, as stores and tests wrote
     * them before those existed.
     */
    public TokenRecord(String id, String owner, String name, String hash, String hashKeyId, String hint,
            Set<String> scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
            RevocationReason revocationReason, String parentId) {
        this(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, lastUsedAt, revokedAt,
                revocationReason, parentId, null, null, List.of(), null, null);
    }

    /**
     * The status at {@code now}: revoked wins over expired; expired means {@code now >= expiresAt}.
     *
     * @param now the current instant
     * @return the status
     */
    public TokenStatus statusAt(Instant now) {
        if (isRevokedAt(now)) {
            return TokenStatus.REVOKED;
        }
        return ExpiryRule.isExpiredAt(expiresAt, now) ? TokenStatus.EXPIRED : TokenStatus.ACTIVE;
    }

    /**
     * @param now the current instant
     * @return whether a revocation has taken effect: {@code revokedAt <= now} (a later one is only scheduled)
     */
    public boolean isRevokedAt(Instant now) {
        return revokedAt != null && !revokedAt.isAfter(now);
    }

    /**
     * @param at the revocation instant
     * @param reason why
     * @return a copy revoked at {@code at} for {@code reason}
     */
    public TokenRecord withRevocation(Instant at, RevocationReason reason) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, lastUsedAt, at,
                reason, parentId, lastUsedAddress, lastUsedUserAgent, allowedNetworks, predecessorId, expiryNoticed);
    }

    /** @return a copy last used at {@code at} */
    public TokenRecord withLastUsedAt(Instant at) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, at, revokedAt,
                revocationReason, parentId, lastUsedAddress, lastUsedUserAgent, allowedNetworks, predecessorId,
                expiryNoticed);
    }

    /** @return a copy whose last use is {@code use}: instant, address and user agent */
    public TokenRecord withLastUse(LastUse use) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, use.at(),
                revokedAt, revocationReason, parentId, use.address(), use.userAgent(), allowedNetworks, predecessorId,
                expiryNoticed);
    }

    /** @return a copy whose {@link #expiryNoticed()} is {@code threshold} */
    public TokenRecord withExpiryNoticed(Duration threshold) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, lastUsedAt,
                revokedAt, revocationReason, parentId, lastUsedAddress, lastUsedUserAgent, allowedNetworks,
                predecessorId, threshold);
    }

}
