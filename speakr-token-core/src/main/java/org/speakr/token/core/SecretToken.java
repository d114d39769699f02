package org.speakr.token.core;

/**
 * A token plaintext. It exists once, in the result of {@link ApiTokens#create}, to be shown to its owner
 * a single time. {@link #toString()} is redacted, and the class deliberately has no
 * {@code equals}/{@code hashCode}, so it cannot leak through logs, collections or debuggers' summaries.
 */
public final class SecretToken {
    private final String value;

    SecretToken(String value) {
        this.value = value;
    }

    /**
     * Returns the plaintext, for the one response that shows it to the owner. Do not log it or store it.
     *
     * @return the token, e.g. {@code spk_...}
     */
    public String reveal() {
        return value;
    }

    /** @return always {@code "SecretToken[REDACTED]"} */
    @Override
    public String toString() {
        return "SecretToken[REDACTED]";
    }
}
