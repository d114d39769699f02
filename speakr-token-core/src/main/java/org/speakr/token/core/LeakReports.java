package org.speakr.token.core;

import static org.speakr.token.core.StoreCalls.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.ExpiryRule;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * Leak response and self-description for {@link ApiTokens}: {@link ApiTokens#reportLeaked} and
 * {@link ApiTokens#describe} delegate here. Hashing, lookup and the consequences of a revocation (cache eviction,
 * events, descendants) stay on the paths {@link ApiTokens} uses for authentication and revocation.
 */
final class LeakReports {
    private static final Logger log = LoggerFactory.getLogger(LeakReports.class);

    private final ApiTokens tokens;
    private final TokenStore store;
    private final Revocations revocations;
    private final Clock clock;

    LeakReports(ApiTokens tokens, TokenStore store, Revocations revocations, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.revocations = revocations;
        this.clock = clock;
    }

    LeakOutcome report(String presented, LeakReport report) {
        Objects.requireNonNull(presented, "presented");
        Objects.requireNonNull(report, "report");
        Digest[] digests = tokens.lookupDigests(presented);
        if (digests == null) {
            return LeakOutcome.NOT_OURS;
        }
        TokenRecord found = null;
        for (int i = 0; found == null && i < digests.length; i++) {
            found = tokens.loadFromStore(digests[i]);
        }
        if (found == null) {
            return LeakOutcome.NOT_OURS;
        }
        Instant now = clock.instant();
        if (found.isRevokedAt(now) || ExpiryRule.isExpiredAt(found.expiresAt(), now)) {
            return LeakOutcome.ALREADY_INVALID;
        }
        TokenRecord record = found;
        Optional<TokenRecord> before = call(
                () -> store.revoke(record.owner(), record.id(), now, RevocationReason.LEAKED), "revoke");
        // Another node, or a concurrent report, may have revoked it between the lookup and the write.
        if (before.isEmpty() || before.get().isRevokedAt(now)) {
            return LeakOutcome.ALREADY_INVALID;
        }
        // A revocation that was only scheduled (a rotated token's overlap) had not taken effect: this call revoked
        // it, so it gets the consequences of a first revocation (event, eviction, descendants).
        revocations.after(before.get(), now, RevocationReason.LEAKED);
        revocations.descendants(record.owner(), record.id(), now);
        tokens.publish(new TokenEvent.Leaked(record.id(), record.owner(), report.sourceUrl(), report.reporter(), now));
        log.info("Revoked token {} of owner {}: reported as published by {}", record.id(), record.owner(),
                report.reporter());
        return LeakOutcome.REVOKED;
    }

    Optional<TokenInfo> describe(ApiTokenPrincipal principal) {
        Objects.requireNonNull(principal, "principal");
        String owner = principal.owner();
        String id = principal.tokenId();
        Instant now = clock.instant();
        List<TokenRecord> owned = call(() -> store.findByOwner(owner), "findByOwner");
        return owned.stream()
                .filter(r -> r.owner().equals(owner) && r.id().equals(id))
                .findFirst()
                .map(r -> TokenInfo.of(r, now));
    }
}
