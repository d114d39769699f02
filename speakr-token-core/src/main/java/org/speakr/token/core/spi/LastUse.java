package org.speakr.token.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One token's latest use, as {@link TokenStore#updateLastUse(java.util.Map)} writes it.
 *
 * @param at when
 * @param address the client's address as the server saw it (e.g. {@code 192.0.2.7}), at most
 *        {@value #MAX_ADDRESS_LENGTH} characters without control characters, or {@code null} when unknown
 * @param userAgent the client's {@code User-Agent}, at most {@value #MAX_USER_AGENT_LENGTH} characters without
 *        control characters, or {@code null} when unknown
 */
public record LastUse(Instant at, String address, String userAgent) {
    /** Longest stored address. */
    public static final int MAX_ADDRESS_LENGTH = 64;
    /** Longest stored user agent. */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    /** Checks the instant. */
    public LastUse {
        Objects.requireNonNull(at, "at");
    }
}
