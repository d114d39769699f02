package org.speakr.token.core;

/**
 * Facts about the client of one request, for {@link ApiTokens#authenticate(String, AuthenticationContext, ClientInfo)}:
 * the address is checked against a token's {@linkplain AllowedNetworks allowed networks}, and both are recorded
 * with the token's last use (bounded and cleaned of control characters off the request path). Neither is ever
 * trusted for anything else.
 *
 * <p>The service asks only when it needs a fact: the address when the token is bound to networks or its use is
 * recorded, the user agent when its use is recorded (at most once per token and millisecond). So an integration can
 * implement this interface over its request and pay for reading a header or formatting an address only then; an
 * implementation is used on the calling thread, during the call, and must answer the same each time.
 *
 * <pre>{@code
 * tokens.authenticate(value, context, ClientInfo.of(request.getRemoteAddr(), request.getHeader("User-Agent")));
 * }</pre>
 */
public interface ClientInfo {

    /**
     * @return the client's IP address literal as the server saw it ({@code 192.0.2.7}, {@code 2001:db8::1},
     *         {@code ::ffff:192.0.2.7}, also in brackets), or {@code null} when unknown; a token bound to networks
     *         refuses a use without a valid address
     */
    String address();

    /** @return the {@code User-Agent} header, or {@code null} */
    String userAgent();

    /**
     * @param address the client's IP address literal, or {@code null}
     * @param userAgent the {@code User-Agent} header, or {@code null}
     * @return facts known up front
     */
    static ClientInfo of(String address, String userAgent) {
        return new KnownClient(address, userAgent);
    }

    /** @return a client of which nothing is known */
    static ClientInfo unknown() {
        return KnownClient.UNKNOWN;
    }
}
