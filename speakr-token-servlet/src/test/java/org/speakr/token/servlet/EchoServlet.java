package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.speakr.token.core.ApiTokenPrincipal;

/**
 * Answers 200 with everything it can see of the request: identity, every header, the query string and
 * every parameter, through each of the Servlet API's methods. Everything it ever saw is kept for the
 * canary checks.
 */
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger CALLS = new AtomicInteger();
    private static final StringBuffer SEEN = new StringBuffer();

    /** @return everything every instance has echoed */
    static String seen() {
        return SEEN.toString();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CALLS.incrementAndGet();
        StringBuilder out = new StringBuilder();
        Principal principal = request.getUserPrincipal();
        out.append("remoteUser=").append(request.getRemoteUser()).append('\n');
        out.append("authType=").append(request.getAuthType()).append('\n');
        if (principal instanceof ApiTokenPrincipal) {
            ApiTokenPrincipal token = (ApiTokenPrincipal) principal;
            out.append("principal=").append(token.owner()).append(' ').append(token.tokenId()).append(' ')
                    .append(token.tokenName()).append(' ').append(token.scopes()).append('\n');
        } else {
            out.append("principal=").append(principal).append('\n');
        }
        out.append("attributePrincipal=").append(ApiTokenFilter.principal(request)
                .map(token -> token.owner() + " " + token.tokenId()).orElse(null)).append('\n');
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                out.append("header ").append(name).append(": ").append(value).append('\n');
            }
        }
        for (String name : new String[] {"Authorization", "authorization", "X-API-Token", "x-api-token",
                "API-Token", "api-token"}) {
            out.append("getHeader ").append(name).append('=').append(request.getHeader(name))
                    .append(" getHeaders=").append(Collections.list(request.getHeaders(name)))
                    .append('\n');
        }
        out.append("query=").append(request.getQueryString()).append('\n');
        Map<String, String[]> parameters = new TreeMap<>(request.getParameterMap());
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            out.append("param ").append(parameter.getKey()).append('=')
                    .append(Arrays.toString(parameter.getValue())).append('\n');
        }
        out.append("parameterNames=").append(Collections.list(request.getParameterNames())).append('\n');
        out.append("getParameter token=").append(request.getParameter("token"))
                .append(" getParameterValues token=").append(Arrays.toString(request.getParameterValues("token")))
                .append('\n');
        SEEN.append(out).append('\n');
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
