package org.speakr.token.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenStatus;
import org.speakr.token.core.TokenStoreException;

/**
 * A thread-safe {@link TokenStore} in memory, for tests and single-node demos. Nothing survives the JVM.
 * Reads are lock-free; writes are serialised on the store.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final Map<String, TokenRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public synchronized void insert(TokenRecord record) {
        if (byId.containsKey(record.id())) {
            throw new TokenStoreException("duplicate token id " + record.id());
        }
        if (idByHash.containsKey(record.hash())) {
            throw new TokenStoreException("duplicate token hash for id " + record.id());
        }
        byId.put(record.id(), record);
        idByHash.put(record.hash(), record.id());
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        String id = idByHash.get(hash);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<TokenRecord> findByOwner(String owner) {
        List<TokenRecord> result = new ArrayList<>();
        for (TokenRecord record : byId.values()) {
            if (record.owner().equals(owner)) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt,
            RevocationReason reason) {
        TokenRecord before = byId.get(id);
        if (before == null || !before.owner().equals(owner)) {
            return Optional.empty();
        }
        if (revokesEarlier(before, revokedAt)) {
            byId.put(id, before.withRevocation(revokedAt, reason));
        }
        return Optional.of(before);
    }

    @Override
    public synchronized List<TokenRecord> revokeAll(String owner, Instant revokedAt,
            RevocationReason reason) {
        List<TokenRecord> revoked = new ArrayList<>();
        for (TokenRecord record : findByOwner(owner)) {
            if (revokesEarlier(record, revokedAt)) {
                byId.put(record.id(), record.withRevocation(revokedAt, reason));
                revoked.add(record);
            }
        }
        return revoked;
    }

    @Override
    public synchronized void updateLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedById.forEach((id, at) -> byId.computeIfPresent(id, (key, record) ->
                record.lastUsedAt() == null || record.lastUsedAt().isBefore(at) ? record.withLastUsedAt(at) : record));
    }

    /** Whether revoking at {@code at} changes {@code record}: not revoked, or revoked only later (scheduled). */
    private static boolean revokesEarlier(TokenRecord record, Instant at) {
        return record.revokedAt() == null || record.revokedAt().isAfter(at);
    }

    @Override
    public synchronized void updateLastUse(Map<String, LastUse> usesById) {
        usesById.forEach((id, use) -> byId.computeIfPresent(id, (key, record) ->
                record.lastUsedAt() == null || record.lastUsedAt().isBefore(use.at()) ? record.withLastUse(use)
                        : record));
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        List<TokenRecord> result = new ArrayList<>();
        for (TokenRecord record : byId.values()) {
            if (record.revokedAt() != null && !record.revokedAt().isBefore(since)) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + byId.size() + " tokens]";
    }

    @Override
    public List<TokenRecord> findExpiringBetween(Instant now, Instant until) {
        List<TokenRecord> result = new ArrayList<>();
        for (TokenRecord record : byId.values()) {
            Instant expiresAt = record.expiresAt();
            if (expiresAt != null && expiresAt.isAfter(now) && !expiresAt.isAfter(until) && !record.isRevokedAt(now)) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public synchronized boolean claimExpiryNotice(String id, Duration threshold) {
        TokenRecord record = byId.get(id);
        if (record == null || (record.expiryNoticed() != null && record.expiryNoticed().compareTo(threshold) <= 0)) {
            return false;
        }
        byId.put(id, record.withExpiryNoticed(threshold));
        return true;
    }

    @Override
    public List<TokenRecord> findUnusedBefore(Instant cutoff, Instant now) {
        List<TokenRecord> result = new ArrayList<>();
        for (TokenRecord record : byId.values()) {
            Instant lastUse = record.lastUsedAt() != null ? record.lastUsedAt() : record.createdAt();
            if (lastUse.isBefore(cutoff) && record.statusAt(now) == TokenStatus.ACTIVE) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public synchronized int purge(Instant cutoff) {
        int purged = 0;
        for (TokenRecord record : List.copyOf(byId.values())) {
            boolean revokedBefore = record.revokedAt() != null && record.revokedAt().isBefore(cutoff);
            boolean expiredBefore = record.expiresAt() != null && record.expiresAt().isBefore(cutoff);
            if (revokedBefore || expiredBefore) {
                byId.remove(record.id());
                idByHash.remove(record.hash());
                purged++;
            }
        }
        return purged;
    }
}
