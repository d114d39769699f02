package org.speakr.token.core.spi;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Page;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenStoreException;

/**
 * Storage SPI for tokens. Implementations hold only hashes, never plaintexts, and must be thread-safe.
 *
 * <p>Every method may throw {@link TokenStoreException} when the store fails or times out; any other
 * runtime exception is wrapped into one by {@link ApiTokens}. Implementations must not retry on
 * {@link #findByHash}, which sits on the request path.
 *
 * <p>The contract is fixed by {@code org.speakr.token.testkit.TokenStoreContract} in
 * {@code speakr-token-testkit}; every implementation should run it.
 */
public interface TokenStore {

    /**
     * Stores a new token.
     *
     * @param record the token; its id and hash are new
     */
    void insert(TokenRecord record);

    /**
     * The hot-path lookup, by exact hash.
     *
     * @param hash lowercase hex hash, 64 characters
     * @return the token with that hash, if any
     */
    Optional<TokenRecord> findByHash(String hash);

    /**
     * All tokens of one owner, revoked and expired included.
     *
     * @param owner the owner
     * @return the owner's tokens, in any order
     */
    List<TokenRecord> findByOwner(String owner);

    /**
     * One page of an owner's tokens, newest first: by {@link TokenRecord#createdAt()} descending, then by id
     * descending. The default sorts {@link #findByOwner(String)}; a store that can page itself (in SQL) should.
     *
     * @param owner the owner, compared exactly
     * @param page the page number, from 1 (already validated by the caller)
     * @param perPage the page size, 1–{@value Page#MAX_PER_PAGE} (already validated by the caller)
     * @return the page and the owner's total number of tokens
     */
    default Page<TokenRecord> findByOwner(String owner, int page, int perPage) {
        List<TokenRecord> all = findByOwner(owner).stream()
                .filter(record -> record.owner().equals(owner))
                .sorted(Comparator.comparing(TokenRecord::createdAt).thenComparing(TokenRecord::id).reversed())
                .toList();
        long from = Math.min(all.size(), (long) (page - 1) * perPage);
        long to = Math.min(all.size(), from + perPage);
        return new Page<>(all.subList((int) from, (int) to), page, perPage, all.size());
    }

    /**
     * Revokes one token if {@code owner} owns it and it is not revoked yet; an already revoked token keeps
     * its first revocation instant and reason. Only this token: its children are the caller's business.
     *
     * @param owner the owner; another owner's token is treated as absent
     * @param id the token id
     * @param revokedAt the revocation instant
     * @param reason why, stored with the revocation
     * @return the record as it was <em>before</em> this call ({@code revokedAt() == null} means this call
     *         revoked it), or empty when the owner has no token with that id
     */
    Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason);

    /**
     * Revokes every not yet revoked token of an owner.
     *
     * @param owner the owner
     * @param revokedAt the revocation instant
     * @param reason why, stored with each revocation
     * @return the records this call revoked, as they were before it
     */
    List<TokenRecord> revokeAll(String owner, Instant revokedAt, RevocationReason reason);

    /**
     * Records last use for many tokens in one batch. A stored value is only ever moved forward; unknown
     * ids are ignored.
     *
     * @param lastUsedById token id to last-use instant
     */
    void updateLastUsed(Map<String, Instant> lastUsedById);

    /**
     * The revocation feed: tokens whose revocation instant is at or after {@code since}, so that every
     * node can evict them from its cache.
     *
     * @param since inclusive lower bound
     * @return the revoked tokens, in any order
     */
    List<TokenRecord> revokedSince(Instant since);
}
