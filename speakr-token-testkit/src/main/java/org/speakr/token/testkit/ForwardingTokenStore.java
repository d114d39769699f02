package org.speakr.token.testkit;

import org.speakr.token.core.spi.LastUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.TokenRecord;

/** A forwarding {@link TokenStore} that tests subclass to alter one operation. */
public class ForwardingTokenStore implements TokenStore {
    private final TokenStore delegate;

    public ForwardingTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(TokenRecord record) {
        delegate.insert(record);
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
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
        delegate.updateLastUsed(lastUsedById);
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        return delegate.revokedSince(since);
    }

    @Override
    public void updateLastUse(Map<String, LastUse> usesById) {
        delegate.updateLastUse(usesById);
    }

    @Override
    public List<TokenRecord> findExpiringBetween(Instant now, Instant until) {
        return delegate.findExpiringBetween(now, until);
    }

    @Override
    public boolean claimExpiryNotice(String id, Duration threshold) {
        return delegate.claimExpiryNotice(id, threshold);
    }

    @Override
    public List<TokenRecord> findUnusedBefore(Instant cutoff, Instant now) {
        return delegate.findUnusedBefore(cutoff, now);
    }

    @Override
    public int purge(Instant cutoff) {
        return delegate.purge(cutoff);
    }
}
