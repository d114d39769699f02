package org.speakr.token.core;

/**
 * The token store failed or timed out. The presented credential was <em>not</em> judged: callers must
 * answer "unavailable, retry later" (HTTP 503), never "unauthorized". Nothing about a failed call is
 * cached.
 */
public class TokenStoreException extends ApiTokenException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, without any secret */
    public TokenStoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, without any secret
     * @param cause the store's own exception
     */
    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
