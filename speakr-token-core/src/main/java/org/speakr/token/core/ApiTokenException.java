package org.speakr.token.core;

/**
 * Root of the unchecked exceptions thrown by speakr-token. Subclasses tell the caller what to do:
 * {@link TokenStoreException} means "try again later" (the credential was not judged), while
 * {@link TokenLimitExceededException} means "the request is refused by policy".
 *
 * <p>Messages diagnose but never carry a token plaintext.
 */
public class ApiTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message a diagnostic message that holds no secret */
    public ApiTokenException(String message) {
        super(message);
    }

    /**
     * @param message a diagnostic message that holds no secret
     * @param cause the underlying failure
     */
    public ApiTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
