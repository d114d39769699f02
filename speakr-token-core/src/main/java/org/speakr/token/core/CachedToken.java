package org.speakr.token.core;

/**
 * An immutable snapshot of a stored token, as the cache holds it: the ready-made success result (so a
 * cache hit allocates no result) and whether it was revoked when loaded. Expiry is judged on every call.
 */
record CachedToken(AuthenticationResult.Authenticated authenticated, boolean revoked) {

    static CachedToken of(TokenRecord record) {
        ApiTokenPrincipal principal = new ApiTokenPrincipal(
                record.owner(), record.id(), record.name(), record.scopes(), record.expiresAt());
        return new CachedToken(new AuthenticationResult.Authenticated(principal), record.revokedAt() != null);
    }

    ApiTokenPrincipal principal() {
        return authenticated.principal();
    }
}
