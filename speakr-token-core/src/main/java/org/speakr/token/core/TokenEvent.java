package org.speakr.token.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a token, for audit logs and metrics. Events carry the token's public id and
 * owner, never the secret or its hash.
 */
public sealed interface TokenEvent {

    /** @return when it happened, by the service's clock */
    Instant at();

    /**
     * A token was created.
     *
     * @param tokenId public id
     * @param owner owner
     * @param at when
     */
    record Created(String tokenId, String owner, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public Created {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A token was revoked by this service (not repeated for an already revoked token).
     *
     * @param tokenId public id
     * @param owner owner
     * @param reason why
     * @param at when
     */
    record Revoked(String tokenId, String owner, RevocationReason reason, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public Revoked {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A token authenticated a request (named apart from {@link AuthenticationResult.Authenticated}, so both
     * can be imported).
     *
     * @param tokenId public id
     * @param owner owner
     * @param at when
     */
    record AuthenticationSucceeded(String tokenId, String owner, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public AuthenticationSucceeded {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A presented value was refused (named apart from {@link AuthenticationResult.Rejected}).
     *
     * @param reason why
     * @param tokenId the matching token's id for {@code EXPIRED} and {@code REVOKED}; {@code null} otherwise
     * @param owner the matching token's owner for {@code EXPIRED} and {@code REVOKED}; {@code null} otherwise
     * @param at when
     */
    record AuthenticationFailed(RejectionReason reason, String tokenId, String owner, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public AuthenticationFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }
}
