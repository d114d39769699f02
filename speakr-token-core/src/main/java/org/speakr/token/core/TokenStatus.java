package org.speakr.token.core;

/** The state of a token as shown to its owner. Revocation wins over expiry. */
public enum TokenStatus {
    /** Usable now. */
    ACTIVE,
    /** Its expiry instant has been reached. */
    EXPIRED,
    /** Revoked by its owner; revocation is irreversible. */
    REVOKED
}
