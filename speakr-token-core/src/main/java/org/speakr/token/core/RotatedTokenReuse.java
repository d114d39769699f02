package org.speakr.token.core;

/**
 * What {@link ApiTokens#authenticate} does when a token that was rotated away (its overlap over, or its successor
 * used) is presented again.
 */
public enum RotatedTokenReuse {
    /** Refuse it ({@link RejectionReason#ROTATED}); nothing else. The default. */
    REJECT,
    /**
     * Refuse it and revoke every still valid token of its family (its successors by rotation, and theirs) with
     * reason {@link RevocationReason#LEAKED}: an old token coming back after rotation suggests it was copied.
     */
    REVOKE_FAMILY
}
