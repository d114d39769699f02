package org.speakr.token.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.LeakOutcome;
import org.speakr.token.core.LeakReport;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.core.internal.SettingValues;

/**
 * A public "revoke this credential" endpoint: anyone who finds a token of this service (in a paste, a log, a
 * screenshot) can have it revoked, without knowing whose it is and without learning anything about it. Each
 * valid token is revoked at once ({@link ApiTokens#reportLeaked}, reason {@code LEAKED}, reporter {@code public},
 * no source).
 *
 * <p>{@code POST {"credentials": ["spk_…", …]}}: 1–{@value #MAX_CREDENTIALS} strings, a body of at most
 * {@value #MAX_BODY_BYTES} bytes. Requests are limited per client address ({@code getRemoteAddr()}: behind a
 * proxy, configure the container to report the client's address, e.g. Jetty's {@code ForwardedRequestCustomizer}),
 * counting every request, valid or not.
 *
 * <table>
 * <caption>Answers (JSON, {@code Cache-Control: no-store})</caption>
 * <tr><th>status</th><th>when</th></tr>
 * <tr><td>202</td><td>{@code {"status": "accepted"}}, the same whether any credential was a token of this
 *     service, valid, already revoked or nothing at all</td></tr>
 * <tr><td>400</td><td>not a JSON object with a {@code credentials} array of 1–{@value #MAX_CREDENTIALS}
 *     strings</td></tr>
 * <tr><td>405</td><td>not {@code POST}</td></tr>
 * <tr><td>413</td><td>body over {@value #MAX_BODY_BYTES} bytes</td></tr>
 * <tr><td>429</td><td>over the client's requests per minute, with {@code Retry-After}</td></tr>
 * <tr><td>503</td><td>the token store failed, with {@code Retry-After: 5}</td></tr>
 * </table>
 *
 * <p>Registered in code:
 * <pre>{@code
 * context.addServlet(new ServletHolder(new CredentialRevocationServlet(tokens)), "/revoke");
 * // or: servletContext.addServlet("revoke", new CredentialRevocationServlet(tokens, 10)).addMapping("/revoke");
 * }</pre>
 * or in {@code web.xml}:
 * <pre>{@code
 * <servlet>
 *   <servlet-name>revoke</servlet-name>
 *   <servlet-class>org.speakr.token.servlet.CredentialRevocationServlet</servlet-class>
 *   <init-param><param-name>token-service-attribute</param-name><param-value>speakr.tokens</param-value></init-param>
 *   <init-param><param-name>requests-per-minute</param-name><param-value>10</param-value></init-param>
 * </servlet>
 * <servlet-mapping><servlet-name>revoke</servlet-name><url-pattern>/revoke</url-pattern></servlet-mapping>
 * }</pre>
 * Init-params: {@code token-service-attribute} (required), {@code requests-per-minute} (default
 * {@value #DEFAULT_REQUESTS_PER_MINUTE}). Thread-safe.
 */
public final class CredentialRevocationServlet extends HttpServlet {
    /** Largest body accepted: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Most credentials in one request. */
    public static final int MAX_CREDENTIALS = 100;
    /** Requests per client address and minute by default. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 10;

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CredentialRevocationServlet.class);
    private static final String ACCEPTED = "{\"status\": \"accepted\"}";
    private static final String REPORTER = "public";

    private transient volatile ApiTokens tokens;
    private transient volatile FailureThrottle throttle;

    /** For {@code web.xml}: configured from init-params in {@link #init()}. */
    public CredentialRevocationServlet() {
    }

    /**
     * With {@value #DEFAULT_REQUESTS_PER_MINUTE} requests per client address and minute.
     *
     * @param tokens the token service; not closed by this servlet
     */
    public CredentialRevocationServlet(ApiTokens tokens) {
        this(tokens, DEFAULT_REQUESTS_PER_MINUTE);
    }

    /**
     * @param tokens the token service; not closed by this servlet
     * @param requestsPerMinute requests one client address may send per minute; positive
     * @throws IllegalArgumentException {@code requests-per-minute: expected a positive integer, got '…'}
     */
    public CredentialRevocationServlet(ApiTokens tokens, int requestsPerMinute) {
        this(tokens, requestsPerMinute, Clock.systemUTC());
    }

    CredentialRevocationServlet(ApiTokens tokens, int requestsPerMinute, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.throttle = throttle(requestsPerMinute, clock);
    }

    private static FailureThrottle throttle(int requestsPerMinute, Clock clock) {
        if (requestsPerMinute <= 0) {
            throw SettingValues.invalid(LeakServletParams.REQUESTS_PER_MINUTE, "a positive integer", requestsPerMinute);
        }
        return new FailureThrottle(requestsPerMinute, Duration.ofMinutes(1), clock);
    }

    /**
     * Reads the init-params unless constructed with a token service.
     *
     * @throws ServletException naming an unknown or invalid init-param
     */
    @Override
    public void init() throws ServletException {
        if (tokens != null) {
            return;
        }
        LeakServletParams.checkKnown(getServletConfig(), Set.of(LeakServletParams.TOKEN_SERVICE_ATTRIBUTE,
                LeakServletParams.REQUESTS_PER_MINUTE));
        int perMinute = LeakServletParams.requestsPerMinute(getServletConfig(), DEFAULT_REQUESTS_PER_MINUTE);
        throttle = throttle(perMinute, Clock.systemUTC());
        tokens = LeakServletParams.tokens(getServletConfig());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiTokens service = tokens;
        FailureThrottle limit = throttle;
        if (service == null || limit == null) {
            LeakAnswers.errorUnread(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "temporarily_unavailable", "The endpoint is not initialised", LeakAnswers.STORE_RETRY_SECONDS);
            return;
        }
        String client = String.valueOf(request.getRemoteAddr());
        long retryAfter = limit.retryAfterSeconds(client);
        if (retryAfter > 0) {
            LeakAnswers.errorUnread(request, response, 429, "too_many_requests", "Too many requests; retry later",
                    retryAfter);
            return;
        }
        limit.recordFailure(client);
        byte[] body = LeakAnswers.body(request, MAX_BODY_BYTES);
        if (body == null) {
            LeakAnswers.tooLarge(response, MAX_BODY_BYTES);
            return;
        }
        List<String> credentials = credentials(body);
        if (credentials == null) {
            LeakAnswers.error(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
                    "Expected {\"credentials\": [\"…\"]} with 1-" + MAX_CREDENTIALS + " strings", 0);
            return;
        }
        int revoked = 0;
        try {
            for (String credential : credentials) {
                if (service.reportLeaked(credential, new LeakReport(REPORTER, null)) == LeakOutcome.REVOKED) {
                    revoked++;
                }
            }
        } catch (TokenStoreException e) {
            log.warn("A public revocation request stopped: the token store failed", e);
            LeakAnswers.storeUnavailable(response);
            return;
        }
        if (revoked > 0) {
            log.info("Public revocation request revoked {} of {} credentials", revoked, credentials.size());
        }
        LeakAnswers.json(response, HttpServletResponse.SC_ACCEPTED, ACCEPTED);
    }

    /** @return the credentials, or {@code null} when the body is not {@code {"credentials": [1-100 strings]}} */
    static List<String> credentials(byte[] body) {
        Object parsed = Json.parseOrNull(body, 2);
        if (!(parsed instanceof Map<?, ?> fields) || !(fields.get("credentials") instanceof List<?> values)
                || values.isEmpty() || values.size() > MAX_CREDENTIALS) {
            return null;
        }
        List<String> credentials = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!(value instanceof String credential)) {
                return null;
            }
            credentials.add(credential);
        }
        return credentials;
    }
}
