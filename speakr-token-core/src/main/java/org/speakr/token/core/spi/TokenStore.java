package org.speakr.token.core.spi;

import java.time.Duration;
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
     * Revokes one token if {@code owner} owns it and it is not revoked yet, or brings a scheduled revocation
     * forward: the stored {@code revokedAt} and reason are replaced exactly when there is none or the stored
     * instant is after {@code revokedAt} (one conditional write). So an already revoked token keeps its first
     * revocation instant and reason, and a token rotated away with an overlap (revocation scheduled for the end of
     * the overlap, reason {@link RevocationReason#ROTATED}) can be revoked earlier. Only this token: its children
     * are the caller's business.
     *
     * @param owner the owner; another owner's token is treated as absent
     * @param id the token id
     * @param revokedAt the revocation instant
     * @param reason why, stored with the revocation
     * @return the record as it was <em>before</em> this call ({@code revokedAt() == null} or after
     *         {@code revokedAt} means this call changed it), or empty when the owner has no token with that id
     */
    Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason);

    /**
     * Revokes every not yet revoked token of an owner (one whose revocation is only scheduled, after
     * {@code revokedAt}, included: its revocation is brought forward).
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

    /**
     * Records last use, with the client's address and user agent, for many tokens in one batch (one statement
     * where the store can). As {@link #updateLastUsed(Map)}: a stored instant only moves forward, and the client
     * facts are written together with the instant they came with; unknown ids are ignored. The default drops the
     * client facts and calls {@link #updateLastUsed(Map)}, for stores written before client facts existed.
     *
     * @param usesById token id to its latest use; address and user agent already bounded and cleaned
     */
    default void updateLastUse(Map<String, LastUse> usesById) {
        Map<String, Instant> instants = new java.util.HashMap<>();
        usesById.forEach((id, use) -> instants.put(id, use.at()));
        updateLastUsed(instants);
    }

    /**
     * Tokens that expire within a window: not revoked at {@code now}, {@code now < expiresAt <= until}. Used by
     * the expiry-notice sweep.
     *
     * @param now the current instant
     * @param until inclusive upper bound of {@code expiresAt}
     * @return the tokens, in any order
     */
    List<TokenRecord> findExpiringBetween(Instant now, Instant until);

    /**
     * Atomically claims the expiry notice of one token for one threshold, so that among all nodes sharing the
     * store exactly one publishes it: sets {@link TokenRecord#expiryNoticed()} to {@code threshold} if it is
     * {@code null} or longer, in one conditional write.
     *
     * @param id the token id
     * @param threshold the notice threshold, e.g. 7 days
     * @return true exactly when this call changed the stored value (this caller publishes the notice)
     */
    boolean claimExpiryNotice(String id, Duration threshold);

    /**
     * Tokens unused since before {@code cutoff}: not revoked and not expired at {@code now}, and last used before
     * {@code cutoff}, or never used and created before it.
     *
     * @param cutoff exclusive bound on {@code lastUsedAt}, or on {@code createdAt} for never-used tokens
     * @param now the current instant
     * @return the tokens, in any order
     */
    List<TokenRecord> findUnusedBefore(Instant cutoff, Instant now);

    /**
     * Deletes tokens revoked before {@code cutoff} or expired before {@code cutoff}; active tokens and tokens
     * revoked or expired at or after it stay.
     *
     * @param cutoff exclusive bound on {@code revokedAt} and {@code expiresAt}
     * @return how many rows were deleted
     */
    int purge(Instant cutoff);
}
