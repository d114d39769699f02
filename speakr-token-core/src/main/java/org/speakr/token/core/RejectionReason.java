package org.speakr.token.core;

/** Why {@link ApiTokens#authenticate} refused a presented value. */
public enum RejectionReason {
    /** Not a token of this library's format (wrong length, characters, prefix or checksum). No store call was made. */
    MALFORMED,
    /** Well formed, but no stored token has its hash. */
    UNKNOWN,
    /** The token exists and its expiry instant has been reached ({@code now >= expiresAt}). */
    EXPIRED,
    /** The token exists and was revoked. */
    REVOKED,
    /**
     * The token exists and was replaced by rotation: its overlap ended, or its successor was used. Presenting it
     * may revoke its whole family ({@link ApiTokens.Builder#rotatedTokenReuse(RotatedTokenReuse)}).
     */
    ROTATED,
    /** The token exists and is valid, but the use came from outside its {@linkplain AllowedNetworks allowed networks}. */
    NETWORK_NOT_ALLOWED
}
