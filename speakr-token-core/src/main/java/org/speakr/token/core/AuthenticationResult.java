package org.speakr.token.core;

import java.util.Objects;

/**
 * The outcome of {@link ApiTokens#authenticate}: either {@link Authenticated} or {@link Rejected}. A store
 * failure is not an outcome; it is thrown as {@link TokenStoreException}.
 *
 * <pre>{@code
 * AuthenticationResult result = tokens.authenticate(value);
 * if (result instanceof AuthenticationResult.Authenticated ok) {
 *     serve(ok.principal());
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
     * The token is refused.
     *
     * @param reason why
     */
    record Rejected(RejectionReason reason) implements AuthenticationResult {
        private static final Rejected MALFORMED = new Rejected(RejectionReason.MALFORMED);
        private static final Rejected UNKNOWN = new Rejected(RejectionReason.UNKNOWN);
        private static final Rejected EXPIRED = new Rejected(RejectionReason.EXPIRED);
        private static final Rejected REVOKED = new Rejected(RejectionReason.REVOKED);

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
            };
        }
    }
}
