package org.speakr.token.core.spi;

import java.util.function.Consumer;

/**
 * Tells a token service, at once, of tokens revoked elsewhere (another node, an administration tool), so it
 * evicts them from its cache before the cache entry would expire. The service always polls its store as well
 * ({@code revocation-poll-interval}); a source only makes other nodes follow faster, e.g. PostgreSQL
 * {@code LISTEN}/{@code NOTIFY}.
 *
 * <p>Given to {@code ApiTokens.Builder.revocationSource}; the service calls {@link #start} once when it is
 * built and {@link #close()} when it is closed. Implementations must be thread-safe.
 */
public interface RevocationSource extends AutoCloseable {

    /**
     * Starts delivering revocations.
     *
     * @param revokedHashes called with the stored hash (lowercase hex) of each token revoked elsewhere, from
     *        any thread; quick, never throws; an unknown or malformed hash is ignored
     */
    void start(Consumer<String> revokedHashes);

    /** Stops delivering and frees what {@link #start} took. Idempotent; never throws. */
    @Override
    void close();
}
