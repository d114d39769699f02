package org.speakr.token.core;

/**
 * The result of {@link ApiTokens#create}: the only place the plaintext ever exists.
 *
 * @param token the plaintext, shown once to the owner; its {@code toString()} is redacted
 * @param info the stored token's public description
 */
public record CreatedToken(SecretToken token, TokenInfo info) {
}
