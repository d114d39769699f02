package org.speakr.token.core.spi;

import java.time.Instant;
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
 * @param revokedAt when it was revoked, or {@code null}
 * @param revocationReason why it was revoked; {@code null} exactly when {@code revokedAt} is
 * @param parentId the id of the token that created this one (a child token), or {@code null} for a token its
 *        owner created
 */
public record TokenRecord(String id, String owner, String name, String hash, String hashKeyId, String hint,
        Set<String> scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
        RevocationReason revocationReason, String parentId) {

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
        if ((revokedAt == null) != (revocationReason == null)) {
            throw new IllegalArgumentException("revocationReason: expected a reason exactly when revokedAt is set,"
                    + " got revokedAt=" + revokedAt + ", revocationReason=" + revocationReason);
        }
    }

    /**
     * The status at {@code now}: revoked wins over expired; expired means {@code now >= expiresAt}.
     *
     * @param now the current instant
     * @return the status
     */
    public TokenStatus statusAt(Instant now) {
        if (revokedAt != null) {
            return TokenStatus.REVOKED;
        }
        return ExpiryRule.isExpiredAt(expiresAt, now) ? TokenStatus.EXPIRED : TokenStatus.ACTIVE;
    }

    /**
     * @param at the revocation instant
     * @param reason why
     * @return a copy revoked at {@code at} for {@code reason}
     */
    public TokenRecord withRevocation(Instant at, RevocationReason reason) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, lastUsedAt, at,
                reason, parentId);
    }

    /** @return a copy last used at {@code at} */
    public TokenRecord withLastUsedAt(Instant at) {
        return new TokenRecord(id, owner, name, hash, hashKeyId, hint, scopes, createdAt, expiresAt, at, revokedAt,
                revocationReason, parentId);
    }

}
