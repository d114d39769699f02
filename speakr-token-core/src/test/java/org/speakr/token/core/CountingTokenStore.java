package org.speakr.token.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.ForwardingTokenStore;

/**
 * A {@link TokenStore} decorator for tests: counts calls per operation, keeps every last-used batch, and
 * can be told to fail an operation (fault injection).
 */
public final class CountingTokenStore extends ForwardingTokenStore {
    private final TokenStore delegate;
    public final AtomicInteger inserts = new AtomicInteger();
    public final AtomicInteger findByHash = new AtomicInteger();
    public final AtomicInteger findByOwner = new AtomicInteger();
    public final AtomicInteger revokes = new AtomicInteger();
    public final AtomicInteger revokedSince = new AtomicInteger();
    /** The instants of every last-use batch, written through either updateLastUsed or updateLastUse. */
    public final List<Map<String, Instant>> lastUsedBatches = Collections.synchronizedList(new ArrayList<>());
    /** Every batch written through updateLastUse, with its client facts. */
    public final List<Map<String, LastUse>> lastUseBatches = Collections.synchronizedList(new ArrayList<>());
    private volatile RuntimeException failFindByHash;
    private volatile RuntimeException failUpdateLastUsed;

    public CountingTokenStore() {
        this(new InMemoryTokenStore());
    }

    public CountingTokenStore(TokenStore delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    /** Makes every later {@link #findByHash} throw {@code failure}; null heals the store. */
    public void failFindByHash(RuntimeException failure) {
        this.failFindByHash = failure;
    }

    /** Makes every later {@link #updateLastUsed} and {@link #updateLastUse} throw {@code failure}; null heals the store. */
    public void failUpdateLastUsed(RuntimeException failure) {
        this.failUpdateLastUsed = failure;
    }

    /** @return total store calls of any kind except the revocation feed's */
    public int calls() {
        return inserts.get() + findByHash.get() + findByOwner.get() + revokes.get() + lastUsedBatches.size();
    }

    @Override
    public void insert(TokenRecord record) {
        inserts.incrementAndGet();
        delegate.insert(record);
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        findByHash.incrementAndGet();
        RuntimeException failure = failFindByHash;
        if (failure != null) {
            throw failure;
        }
        return delegate.findByHash(hash);
    }

    @Override
    public List<TokenRecord> findByOwner(String owner) {
        findByOwner.incrementAndGet();
        return delegate.findByOwner(owner);
    }

    @Override
    public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
        revokes.incrementAndGet();
        return delegate.revoke(owner, id, revokedAt, reason);
    }

    @Override
    public List<TokenRecord> revokeAll(String owner, Instant revokedAt, RevocationReason reason) {
        revokes.incrementAndGet();
        return delegate.revokeAll(owner, revokedAt, reason);
    }

    @Override
    public void updateLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedBatches.add(Map.copyOf(lastUsedById));
        RuntimeException failure = failUpdateLastUsed;
        if (failure != null) {
            throw failure;
        }
        delegate.updateLastUsed(lastUsedById);
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        revokedSince.incrementAndGet();
        return delegate.revokedSince(since);
    }

    @Override
    public void updateLastUse(Map<String, LastUse> usesById) {
        Map<String, Instant> instants = new java.util.HashMap<>();
        usesById.forEach((id, use) -> instants.put(id, use.at()));
        lastUsedBatches.add(Map.copyOf(instants));
        lastUseBatches.add(Map.copyOf(usesById));
        RuntimeException failure = failUpdateLastUsed;
        if (failure != null) {
            throw failure;
        }
        delegate.updateLastUse(usesById);
    }

}
