package org.speakr.token.core;

/**
 * Facts about the client of one request, for {@link ApiTokens#authenticate(String, AuthenticationContext, ClientInfo)}:
 * the address is checked against a token's {@linkplain AllowedNetworks allowed networks}, and both are recorded
 * with the token's last use (bounded and cleaned of control characters off the request path). Neither is ever
 * trusted for anything else.
 *
 * @param address the client's IP address literal as the server saw it ({@code 192.0.2.7}, {@code 2001:db8::1},
 *        {@code ::ffff:192.0.2.7}), or {@code null} when unknown; a token bound to networks refuses a use without
 *        a valid address
 * @param userAgent the {@code User-Agent} header, or {@code null}
 */
public record ClientInfo(String address, String userAgent) {
    private static final ClientInfo UNKNOWN = new ClientInfo(null, null);

    /** @return a client of which nothing is known */
    public static ClientInfo unknown() {
        return UNKNOWN;
    }

    /** @return the address and a length of the user agent only, so a log line stays short */
    @Override
    public String toString() {
        return "ClientInfo[address=" + address + ", userAgent=" + (userAgent == null ? "none" : userAgent.length() + " chars") + "]";
    }
}
