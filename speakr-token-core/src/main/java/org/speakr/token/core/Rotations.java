package org.speakr.token.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.speakr.token.core.spi.TokenRecord;

/**
 * The rules of rotation: when a successor expires, and which tokens form a rotated token's family. Pure functions
 * over records, as {@link ChildTokens}.
 */
final class Rotations {
    private Rotations() {
    }

    /**
     * The successor's expiry, by the rule the original's creator chose: a token with a lifetime gets the same
     * lifetime from {@code now}; a never-expiring one never expires. Either is capped by {@code maxLifetime}
     * (when set, a never-expiring original gets the longest lifetime allowed) and, for a child token, by its
     * parent's expiry.
     *
     * @param maxLifetime the configured maximum lifetime, or null
     * @param parent the original's parent, or null
     * @return the successor's expiry, or null for never
     */
    static Instant successorExpiry(TokenRecord original, Instant now, Duration maxLifetime, TokenRecord parent) {
        Instant expiresAt = original.expiresAt() == null ? null
                : now.plus(Duration.between(original.createdAt(), original.expiresAt()));
        if (maxLifetime != null && (expiresAt == null || expiresAt.isAfter(now.plus(maxLifetime)))) {
            expiresAt = now.plus(maxLifetime);
        }
        Instant parentExpiry = parent == null ? null : parent.expiresAt();
        if (parentExpiry != null && (expiresAt == null || expiresAt.isAfter(parentExpiry))) {
            expiresAt = parentExpiry;
        }
        return expiresAt;
    }

    /**
     * @return every successor of {@code rootId} by rotation among {@code records} (its successor, theirs, …),
     *         oldest first
     */
    static List<TokenRecord> successors(List<TokenRecord> records, String rootId) {
        return TokenLinks.comingFrom(records, rootId, TokenRecord::predecessorId);
    }
}
