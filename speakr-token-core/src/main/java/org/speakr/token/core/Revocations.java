package org.speakr.token.core;

import static org.speakr.token.core.StoreCalls.call;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * Carries out revocations on this node: the store's conditional write, eviction from this node's cache, the
 * {@link TokenEvent.Revoked} event from the node whose call changed the token, and the cascade to descendants;
 * also the two revocations made on the request path because of rotation (retiring a predecessor at its
 * successor's first use, revoking the family of a rotated token presented again), whose failures are logged and
 * never fail the request.
 */
final class Revocations {
    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final TokenStore store;
    private final TokenCache cache;
    private final Consumer<TokenEvent> publisher;
    private final BackgroundFailures requestSideFailures;

    Revocations(TokenStore store, TokenCache cache, Consumer<TokenEvent> publisher, java.time.Clock clock) {
        this.store = store;
        this.cache = cache;
        this.publisher = publisher;
        this.requestSideFailures = new BackgroundFailures(log, "Rotation follow-up on the request path", clock);
    }

    /** Revokes the not yet revoked descendants of a token with reason PARENT; already revoked ones are passed through. */
    void descendants(String owner, String tokenId, Instant now) {
        List<TokenRecord> owned = call(() -> store.findByOwner(owner), "findByOwner");
        for (TokenRecord descendant : ChildTokens.descendants(owned, tokenId)) {
            if (!descendant.isRevokedAt(now)) {
                call(() -> store.revoke(owner, descendant.id(), now, RevocationReason.PARENT), "revoke")
                        .ifPresent(record -> after(record, now, RevocationReason.PARENT));
            }
        }
    }

    /**
     * Revokes one token for a policy (unused, a rotated token's family) and, if this call changed it, its
     * descendants with PARENT.
     */
    void forPolicy(TokenRecord token, Instant now, RevocationReason reason) {
        Optional<TokenRecord> before = call(() -> store.revoke(token.owner(), token.id(), now, reason), "revoke");
        if (before.isPresent() && after(before.get(), now, reason)) {
            descendants(token.owner(), token.id(), now);
        }
    }

    /**
     * Evicts a token just revoked and announces it if the call that returned {@code before} changed it.
     *
     * @return whether it changed: not revoked before, or only scheduled for later (a rotation's overlap) and now
     *         brought forward
     */
    boolean after(TokenRecord before, Instant now, RevocationReason reason) {
        evict(before);
        boolean changed = before.revokedAt() == null || before.revokedAt().isAfter(now);
        if (changed) {
            publisher.accept(new TokenEvent.Revoked(before.id(), before.owner(), reason, now));
            log.debug("Revoked token {} of owner {}", before.id(), before.owner());
        }
        return changed;
    }

    void evict(TokenRecord record) {
        Digest digest = Digest.fromHex(record.hash());
        if (digest != null) {
            cache.evict(digest);
        }
    }

    /**
     * A token rotated away came back: revokes every still valid successor (and theirs) with reason LEAKED. Runs
     * on the request path; a failure is logged and retried at the next presentation, and never fails the request.
     */
    void family(CachedToken rotated, Instant now) {
        String owner = rotated.principal.owner();
        try {
            List<TokenRecord> owned = call(() -> store.findByOwner(owner), "findByOwner");
            for (TokenRecord successor : Rotations.successors(owned, rotated.principal.tokenId())) {
                if (successor.owner().equals(owner) && successor.statusAt(now) == TokenStatus.ACTIVE) {
                    forPolicy(successor, now, RevocationReason.LEAKED);
                }
            }
            rotated.familyRevoked = true;
            requestSideFailures.succeeded();
        } catch (RuntimeException e) {
            requestSideFailures.failed("Could not revoke the family of rotated token " + rotated.principal.tokenId()
                    + " presented again; will retry when it is presented again", e);
        }
    }

    /**
     * A successor's first accepted use on this node retires its predecessor now (brings the scheduled revocation
     * forward). Synchronous, once per loaded successor; a failure is logged and retried at the next use, and never
     * fails the request.
     */
    void retirePredecessor(CachedToken successor, String predecessorId, Instant now) {
        String owner = successor.principal.owner();
        try {
            call(() -> store.revoke(owner, predecessorId, now, RevocationReason.ROTATED), "revoke")
                    .ifPresent(before -> after(before, now, RevocationReason.ROTATED));
            successor.retired(true);
            requestSideFailures.succeeded();
        } catch (RuntimeException e) {
            successor.retired(false);
            requestSideFailures.failed("Could not retire token " + predecessorId + " at the first use of its successor "
                    + successor.principal.tokenId() + "; will retry at its next use", e);
        }
    }
}
