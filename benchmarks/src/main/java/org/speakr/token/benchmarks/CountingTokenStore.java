package org.speakr.token.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * A {@link TokenStore} wrapper that counts calls: lookups by hash, and every last-used write per token id
 * with its time and thread. Used to prove that a benchmarked path does or does not reach the store, and that
 * last-used writes stay at one per token per interval.
 */
public final class CountingTokenStore implements TokenStore {
    /** One last-used write of one token. */
    public record Write(String tokenId, long nanoTime, String thread) {
    }

    private final TokenStore delegate;
    private final AtomicLong findByHash = new AtomicLong();
    private final AtomicLong updateLastUsedBatches = new AtomicLong();
    private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());

    /** @param delegate the store that does the work */
    public CountingTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    /** @return calls to {@link #findByHash} so far */
    public long findByHashCalls() {
        return findByHash.get();
    }

    /** @return calls to {@link #updateLastUsed} so far (batches) */
    public long updateLastUsedBatches() {
        return updateLastUsedBatches.get();
    }

    /** @return a copy of every last-used write so far, in call order */
    public List<Write> writes() {
        synchronized (writes) {
            return new ArrayList<>(writes);
        }
    }

    /** @return last-used writes per token id */
    public Map<String, Integer> writesPerToken() {
        Map<String, Integer> counts = new HashMap<>();
        for (Write write : writes()) {
            counts.merge(write.tokenId(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void insert(TokenRecord record) {
        delegate.insert(record);
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        findByHash.incrementAndGet();
        return delegate.findByHash(hash);
    }

    @Override
    public List<TokenRecord> findByOwner(String owner) {
        return delegate.findByOwner(owner);
    }

    @Override
    public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
        return delegate.revoke(owner, id, revokedAt, reason);
    }

    @Override
    public List<TokenRecord> revokeAll(String owner, Instant revokedAt, RevocationReason reason) {
        return delegate.revokeAll(owner, revokedAt, reason);
    }

    @Override
    public void updateLastUsed(Map<String, Instant> lastUsedById) {
        updateLastUsedBatches.incrementAndGet();
        long now = System.nanoTime();
        String thread = Thread.currentThread().getName();
        for (String id : lastUsedById.keySet()) {
            writes.add(new Write(id, now, thread));
        }
        delegate.updateLastUsed(lastUsedById);
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        return delegate.revokedSince(since);
    }
}
