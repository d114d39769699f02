package org.speakr.token.core;

/** {@link ApiTokens#create} was refused because the owner already holds the maximum number of active tokens. */
public class TokenLimitExceededException extends ApiTokenException {
    private static final long serialVersionUID = 1L;

    /** @param message names the owner and the limit */
    public TokenLimitExceededException(String message) {
        super(message);
    }
}
