package org.speakr.token.core;

import java.util.Objects;
import java.util.SortedSet;
import org.speakr.token.core.internal.ScopeRules;

/**
 * The outcome of {@link ApiTokens#authenticate}: {@link Authenticated} or {@link Rejected}; and, only when the
 * caller gave an {@link AuthenticationContext} that asks for them, {@link InsufficientScope} (the context requires
 * a scope the valid token lacks) and {@link NotCached} (a cache-only context, and this node's cache does not know
 * the token). A store failure is not an outcome; it is thrown as {@link TokenStoreException}.
 *
 * <pre>{@code
 * AuthenticationResult result = tokens.authenticate(value, context);
 * if (result instanceof AuthenticationResult.Authenticated ok) {
 *     serve(ok.principal());
 * } else if (result instanceof AuthenticationResult.InsufficientScope lacking) {
 *     forbid(lacking.requiredScopes());
 * } else if (result instanceof AuthenticationResult.NotCached) {
 *     tooManyRequests();
 * } else if (result instanceof AuthenticationResult.Rejected no) {
 *     refuse(no.reason());
 * }
 * }</pre>
 * (Java 17; on Java 21 a pattern {@code switch} over the sealed type is exhaustive.)
 */
public sealed interface AuthenticationResult {

    /** @return true for {@link Authenticated} */
    default boolean isAuthenticated() {
        return this instanceof Authenticated;
    }

    /**
     * The token is valid.
     *
     * @param principal who the token speaks for
     */
    record Authenticated(ApiTokenPrincipal principal) implements AuthenticationResult {
        /** Checks the principal is present. */
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The token is valid but lacks a scope the {@link AuthenticationContext} requires: the caller refuses the use
     * (HTTP: 403 {@code insufficient_scope}). Not recorded as a use: the token's last-used instant does not move
     * and no event is published.
     *
     * @param principal the token, for the caller's log; it must not act on this principal's behalf
     * @param requiredScopes the context's required scopes, sorted, for the answer's {@code scope} attribute
     */
    record InsufficientScope(ApiTokenPrincipal principal, SortedSet<String> requiredScopes)
            implements AuthenticationResult {
        /** Checks both are present and keeps an immutable copy of the scopes. */
        public InsufficientScope {
            Objects.requireNonNull(principal, "principal");
            requiredScopes = ScopeRules.immutableCopy(requiredScopes);
        }
    }

    /**
     * A {@linkplain AuthenticationContext#cacheOnly() cache-only} context, and this node's cache knows nothing of
     * the token: judging it would take a store lookup, which the caller ruled out. Nothing is recorded.
     */
    record NotCached() implements AuthenticationResult {
        private static final NotCached INSTANCE = new NotCached();

        /** @return the shared instance */
        public static NotCached instance() {
            return INSTANCE;
        }
    }

    /**
     * The token is refused.
     *
     * @param reason why
     */
    record Rejected(RejectionReason reason) implements AuthenticationResult {
        private static final Rejected MALFORMED = new Rejected(RejectionReason.MALFORMED);
        private static final Rejected UNKNOWN = new Rejected(RejectionReason.UNKNOWN);
        private static final Rejected EXPIRED = new Rejected(RejectionReason.EXPIRED);
        private static final Rejected REVOKED = new Rejected(RejectionReason.REVOKED);
        private static final Rejected ROTATED = new Rejected(RejectionReason.ROTATED);
        private static final Rejected NETWORK_NOT_ALLOWED = new Rejected(RejectionReason.NETWORK_NOT_ALLOWED);

        /** Checks the reason is present. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * A shared instance for each reason, so rejecting allocates nothing.
         *
         * @param reason the reason
         * @return the rejection
         */
        public static Rejected of(RejectionReason reason) {
            return switch (reason) {
                case MALFORMED -> MALFORMED;
                case UNKNOWN -> UNKNOWN;
                case EXPIRED -> EXPIRED;
                case REVOKED -> REVOKED;
                case ROTATED -> ROTATED;
                case NETWORK_NOT_ALLOWED -> NETWORK_NOT_ALLOWED;
            };
        }
    }
}
