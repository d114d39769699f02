package org.speakr.token.servlet;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.core.TokenStoreException;

/**
 * An {@link InMemoryTokenStore} that can be made to fail on lookups, and that remembers which token ids got
 * a last-used write (the observable effect of {@code ApiTokens.close()} flushing).
 */
final class RecordingStore extends ForwardingTokenStore {
    private final Map<String, Instant> lastUsedWrites = new ConcurrentHashMap<>();
    private volatile RuntimeException lookupFailure;
    /** How many {@code findByHash} calls reached this store. */
    final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

    RecordingStore() {
        super(new InMemoryTokenStore());
    }

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
    public Optional<TokenRecord> findByHash(String hash) {
        lookups.incrementAndGet();
        RuntimeException failure = lookupFailure;
        if (failure != null) {
            throw failure;
        }
        return super.findByHash(hash);
    }

    @Override
    public void updateLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedWrites.putAll(lastUsedById);
        super.updateLastUsed(lastUsedById);
    }

    @Override
    public void updateLastUse(Map<String, org.speakr.token.core.spi.LastUse> usesById) {
        usesById.forEach((id, use) -> lastUsedWrites.put(id, use.at()));
        super.updateLastUse(usesById);
    }
}
