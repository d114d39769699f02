package org.speakr.token.core;

/**
 * Why a token was revoked; stored with the revocation and listed with the token. A revocation is never
 * undone, so a token keeps the reason of its first revocation.
 */
public enum RevocationReason {
    /** Its owner revoked this one token. */
    MANUAL,
    /** It was replaced by a newer token of its family. */
    ROTATED,
    /** The token that created it (its parent, or an ancestor) was revoked. */
    PARENT,
    /** It was reported as published somewhere (a secret-scanning alert or a revocation request). */
    LEAKED,
    /** It went unused for longer than the configured idle time. */
    UNUSED,
    /** Its owner revoked all of their tokens at once. */
    ALL
}
