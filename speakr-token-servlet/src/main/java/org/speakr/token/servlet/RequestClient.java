package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.speakr.token.core.ClientInfo;

/**
 * The client facts of one request, read from it only when the token service asks: the address for a token bound
 * to networks or a use it records, the user agent for a recorded use. Most requests of a busy token read neither
 * (a use is recorded at most once per token and millisecond), so the filter does not pay for the container's
 * formatting of the address or, behind Spring Security, its firewall's check of one more header.
 */
final class RequestClient implements ClientInfo {
    private static final String USER_AGENT_HEADER = "User-Agent";

    private final HttpServletRequest request;

    RequestClient(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String address() {
        return request.getRemoteAddr();
    }

    @Override
    public String userAgent() {
        return request.getHeader(USER_AGENT_HEADER);
    }

    @Override
    public String toString() {
        return "RequestClient";
    }
}
