package org.speakr.token.core.internal;

import java.time.Instant;

/**
 * The single definition of expiry used everywhere: a token is expired from its {@code expiresAt} on, with no
 * grace. Not a supported API: exported only to the library's modules.
 */
public final class ExpiryRule {
    private ExpiryRule() {
    }

    /**
     * @param expiresAt the expiry instant, or {@code null} for never
     * @param now the current instant
     * @return whether a token with that expiry is expired at {@code now}
     */
    public static boolean isExpiredAt(Instant expiresAt, Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
