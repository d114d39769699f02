package org.speakr.token.servlet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.speakr.token.core.InMemoryTokenStore;
import org.speakr.token.core.TokenRecord;
import org.speakr.token.core.TokenStore;
import org.speakr.token.core.TokenStoreException;

/**
 * An {@link InMemoryTokenStore} that can be made to fail on lookups, and that remembers which token ids got
 * a last-used write (the observable effect of {@code ApiTokens.close()} flushing).
 */
final class RecordingStore implements TokenStore {
    private final InMemoryTokenStore delegate = new InMemoryTokenStore();
    private final Map<String, Instant> lastUsedWrites = new ConcurrentHashMap<>();
    private volatile RuntimeException lookupFailure;

    /** @param failure what every {@code findByHash} throws from now on, or {@code null} to work again */
    void failLookups(RuntimeException failure) {
        this.lookupFailure = failure;
    }

    static TokenStoreException unavailable() {
        return new TokenStoreException("test store is down");
    }

    Map<String, Instant> lastUsedWrites() {
        return Map.copyOf(lastUsedWrites);
    }

    @Override
    public void insert(TokenRecord record) {
        delegate.insert(record);
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        RuntimeException failure = lookupFailure;
        if (failure != null) {
            throw failure;
        }
        return delegate.findByHash(hash);
    }

    @Override
    public List<TokenRecord> findByOwner(String owner) {
        return delegate.findByOwner(owner);
    }

    @Override
    public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt) {
        return delegate.revoke(owner, id, revokedAt);
    }

    @Override
    public List<TokenRecord> revokeAll(String owner, Instant revokedAt) {
        return delegate.revokeAll(owner, revokedAt);
    }

    @Override
    public void updateLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedWrites.putAll(lastUsedById);
        delegate.updateLastUsed(lastUsedById);
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        return delegate.revokedSince(since);
    }
}
