package org.speakr.token.core;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.TokenRecord;

/**
 * The rules of child tokens (tokens created by a token): what a parent may grant, and which tokens a parent's
 * revocation reaches. Pure functions over records; costs one pass over the owner's tokens.
 */
final class ChildTokens {
    private ChildTokens() {
    }

    /**
     * Checks that a child with these scopes and this expiry is no broader than its parent: scopes a subset of
     * the parent's (a parent without scopes may grant any, a child without scopes would be full access), and an
     * expiry at or before the parent's (a never-expiring child of an expiring parent is refused).
     *
     * @throws IllegalArgumentException in the standard message format, naming {@code scopes} or {@code expiration}
     */
    static void checkWithin(TokenRecord parent, Set<String> scopes, Instant expiresAt) {
        if (!parent.scopes().isEmpty() && (scopes.isEmpty() || !parent.scopes().containsAll(scopes))) {
            throw SettingValues.invalid("scopes", "a non-empty subset of the parent token's scopes "
                    + parent.scopes(), scopes.isEmpty() ? "[] (full access)" : scopes);
        }
        Instant limit = parent.expiresAt();
        if (limit != null && (expiresAt == null || expiresAt.isAfter(limit))) {
            throw SettingValues.invalid("expiration", "an expiry at or before the parent token's " + limit,
                    expiresAt == null ? "never" : expiresAt);
        }
    }

    /** @return every descendant of {@code rootId} among {@code records} (children, their children, …), parents first */
    static List<TokenRecord> descendants(List<TokenRecord> records, String rootId) {
        return TokenLinks.comingFrom(records, rootId, TokenRecord::parentId);
    }
}
