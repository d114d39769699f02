package org.speakr.token.core;

import java.time.Duration;
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
     * @param tokenId the matching token's id for {@code EXPIRED}, {@code REVOKED}, {@code ROTATED} and
     *        {@code NETWORK_NOT_ALLOWED}; {@code null} otherwise
     * @param owner the matching token's owner for {@code EXPIRED}, {@code REVOKED}, {@code ROTATED} and
     *        {@code NETWORK_NOT_ALLOWED}; {@code null} otherwise
     * @param at when
     */
    record AuthenticationFailed(RejectionReason reason, String tokenId, String owner, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public AuthenticationFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A token will expire within a notice threshold (e.g. 7 days): published once per token and threshold by
     * exactly one of the nodes sharing a store. A token created already inside a threshold gets no notice for it.
     *
     * @param tokenId public id
     * @param owner owner
     * @param name the token's name, for the message to its owner
     * @param expiresAt when it expires
     * @param threshold the notice threshold that was reached
     * @param at when
     */
    record ExpiringSoon(String tokenId, String owner, String name, Instant expiresAt, Duration threshold, Instant at)
            implements TokenEvent {
        /** Checks required fields. */
        public ExpiringSoon {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A token was reported as published and revoked for it (reason {@link RevocationReason#LEAKED}); published
     * besides {@link Revoked}, once, by the node that revoked it.
     *
     * @param tokenId public id
     * @param owner owner
     * @param sourceUrl where it was found, as the reporter said (e.g. a commit URL), or {@code null}
     * @param reporter who reported it, e.g. {@code github}, {@code gitlab}, {@code public}
     * @param at when
     */
    record Leaked(String tokenId, String owner, String sourceUrl, String reporter, Instant at) implements TokenEvent {
        /** Checks required fields. */
        public Leaked {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(reporter, "reporter");
            Objects.requireNonNull(at, "at");
        }
    }
}
