package org.speakr.token.core;

/** What {@link ApiTokens#reportLeaked(String, LeakReport)} found and did. */
public enum LeakOutcome {
    /** The value is one of this service's tokens, it was valid, and it is now revoked (a true positive). */
    REVOKED,
    /** The value is one of this service's tokens, already revoked or expired before the report; nothing changed. */
    ALREADY_INVALID,
    /** Malformed, or no token has its hash: not ours (a false positive). */
    NOT_OURS
}
