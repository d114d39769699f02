package org.speakr.token.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.TokenStoreException;

/**
 * Authenticates requests that carry a personal API token, and answers those that cannot be served with the
 * error responses of RFC 6750 §3.
 *
 * <p>A token is read from exactly one of: {@code Authorization: Bearer <token>} (scheme in any case,
 * {@code 1*SP}, a token68 value), {@code X-API-Token: <token>}, {@code API-Token: <token>} (header names in
 * any case), or, only when {@value #ALLOW_QUERY_PARAMETER} is on and only on {@code GET} and {@code HEAD},
 * the query parameter {@value #QUERY_PARAMETER} (default {@code token}), read from the raw query string so a
 * request body is never consumed.
 *
 * <table>
 * <caption>Answers</caption>
 * <tr><th>request</th><th>answer</th></tr>
 * <tr><td>valid token with the required scopes</td><td>the chain continues with a wrapped request:
 *     {@code getUserPrincipal()} is an {@link ApiTokenPrincipal}, {@code getRemoteUser()} its owner,
 *     {@code getAuthType()} {@value #AUTH_TYPE}; the three headers and the query parameter are hidden.
 *     Authenticated by the query parameter: {@code Cache-Control: private}. Expiring token:
 *     {@value #EXPIRATION_RESPONSE_HEADER}{@code : <ISO-8601 instant>}.</td></tr>
 * <tr><td>no token, mode {@code required}</td><td>401, {@code WWW-Authenticate: Bearer realm="…"}</td></tr>
 * <tr><td>no token, mode {@code optional}</td><td>the chain continues unauthenticated</td></tr>
 * <tr><td>more than one token (two locations, a header twice, the parameter twice); an empty
 *     {@code X-API-Token}, {@code API-Token} or parameter</td><td>400 {@code invalid_request}</td></tr>
 * <tr><td>a value that is not a token68, or {@code Bearer} without one</td>
 *     <td>401 {@code invalid_token} (as Spring Security's {@code DefaultBearerTokenResolver})</td></tr>
 * <tr><td>unknown, expired or revoked token</td><td>401 {@code invalid_token}</td></tr>
 * <tr><td>token lacks a required scope</td><td>403 {@code insufficient_scope} with {@code scope="…"}</td></tr>
 * <tr><td>the token service fails (e.g. {@link TokenStoreException})</td>
 *     <td>503 with {@code Retry-After}; the chain is not called</td></tr>
 * <tr><td>a client that has had {@value #FAILURE_LIMIT} 401 {@code invalid_token} answers within
 *     {@value #FAILURE_WINDOW} presents a token</td><td>429 with {@code Retry-After}</td></tr>
 * </table>
 *
 * <p>Every error answer has a JSON body {@code {"error": "…", "error_description": "…"}},
 * {@code Content-Type: application/json;charset=UTF-8} and {@code Cache-Control: no-store}; 400, 401 and 403
 * answers carry a {@code WWW-Authenticate: Bearer} challenge. No answer, header or log line ever contains
 * the token.
 *
 * <h2>Wiring in code</h2>
 * <pre>{@code
 * ApiTokenFilter filter = ApiTokenFilter.builder(tokens)
 *         .mode(ApiTokenFilter.Mode.REQUIRED)
 *         .requiredScopes("recordings:read")
 *         .build();
 * }</pre>
 * The caller owns {@code tokens}; the filter does not close it.
 *
 * <h2>Init-params ({@code web.xml}, no-arg constructor)</h2>
 * <table>
 * <caption>Init-params</caption>
 * <tr><th>name</th><th>value</th><th>default</th></tr>
 * <tr><td>{@value #TOKEN_SERVICE_FACTORY}</td><td>class name of a {@link TokenServiceFactory} with a public
 *     no-arg constructor; the filter closes the service it creates in {@code destroy()}</td>
 *     <td rowspan="2">exactly one of the two is required</td></tr>
 * <tr><td>{@value #TOKEN_SERVICE_ATTRIBUTE}</td><td>name of a {@code ServletContext} attribute holding an
 *     {@link ApiTokens} (not closed by the filter)</td></tr>
 * <tr><td>{@value #MODE}</td><td>{@code required} or {@code optional}</td><td>{@code required}</td></tr>
 * <tr><td>{@value #REALM}</td><td>realm of the challenge: printable ASCII, no {@code "} or {@code \}</td>
 *     <td>{@code api}</td></tr>
 * <tr><td>{@value #ALLOW_QUERY_PARAMETER}</td><td>{@code true} or {@code false}</td><td>{@code false}</td></tr>
 * <tr><td>{@value #QUERY_PARAMETER}</td><td>parameter name, {@code [A-Za-z0-9._~-]{1,64}}</td>
 *     <td>{@code token}</td></tr>
 * <tr><td>{@value #REQUIRED_SCOPES}</td><td>scopes separated by spaces or commas; a token needs all of them
 *     (a token without scopes has full access)</td><td>none</td></tr>
 * <tr><td>{@value #FAILURE_LIMIT}</td><td>positive integer: failed attempts per client and window</td>
 *     <td>{@code 20}</td></tr>
 * <tr><td>{@value #FAILURE_WINDOW}</td><td>duration, at least 1 s: {@code 60s}, {@code 5m}, {@code PT1M}</td>
 *     <td>{@code 1m}</td></tr>
 * <tr><td>{@value #EXPIRATION_HEADER}</td><td>{@code true} or {@code false}</td><td>{@code true}</td></tr>
 * </table>
 * An unknown init-param, a bad value, or a factory that fails makes {@link #init} throw a
 * {@link ServletException} naming the init-param, so the deployment fails. A factory may declare extra
 * init-params of its own through {@link TokenServiceFactory#parameterNames()}.
 *
 * <p>Failures are counted per {@link HttpServletRequest#getRemoteAddr()} in a bounded cache of
 * 100,000 clients. Behind a reverse proxy, configure the container to take
 * the client address from the proxy's forwarding header (e.g. Jetty's {@code ForwardedRequestCustomizer}).
 *
 * <p>Instances are thread-safe once initialised.
 */
public final class ApiTokenFilter implements Filter {
    /** Init-param: {@code required} or {@code optional}. */
    public static final String MODE = "mode";
    /** Init-param: the realm of the {@code WWW-Authenticate} challenge. */
    public static final String REALM = "realm";
    /** Init-param: {@code true} to accept the token as a query parameter on GET and HEAD. */
    public static final String ALLOW_QUERY_PARAMETER = "allow-query-parameter";
    /** Init-param: the query parameter's name. */
    public static final String QUERY_PARAMETER = "query-parameter";
    /** Init-param: scopes every token must have, separated by spaces or commas. */
    public static final String REQUIRED_SCOPES = "required-scopes";
    /** Init-param: the ServletContext attribute holding the {@link ApiTokens}. */
    public static final String TOKEN_SERVICE_ATTRIBUTE = "token-service-attribute";
    /** Init-param: the {@link TokenServiceFactory} class name. */
    public static final String TOKEN_SERVICE_FACTORY = "token-service-factory";
    /** Init-param: failed attempts allowed per client and window. */
    public static final String FAILURE_LIMIT = "failure-limit";
    /** Init-param: the throttling window. */
    public static final String FAILURE_WINDOW = "failure-window";
    /** Init-param: {@code true} to send {@value #EXPIRATION_RESPONSE_HEADER} on authenticated responses. */
    public static final String EXPIRATION_HEADER = "expiration-header";

    /** Every init-param name the filter itself reads. */
    public static final Set<String> INIT_PARAMETER_NAMES = Set.of(MODE, REALM, ALLOW_QUERY_PARAMETER,
            QUERY_PARAMETER, REQUIRED_SCOPES, TOKEN_SERVICE_ATTRIBUTE, TOKEN_SERVICE_FACTORY, FAILURE_LIMIT,
            FAILURE_WINDOW, EXPIRATION_HEADER);

    /** {@link HttpServletRequest#getAuthType()} of an authenticated request. */
    public static final String AUTH_TYPE = "Bearer";
    /** The response header carrying an expiring token's expiry instant (ISO-8601). */
    public static final String EXPIRATION_RESPONSE_HEADER = "Speakr-Token-Expiration";
    /** The standard header, read for {@code Bearer} credentials. */
    public static final String AUTHORIZATION_HEADER = "Authorization";
    /** A header carrying the bare token. */
    public static final String X_API_TOKEN_HEADER = "X-API-Token";
    /** A header carrying the bare token. */
    public static final String API_TOKEN_HEADER = "API-Token";
    /** Seconds in {@code Retry-After} when the token service is unavailable. */
    public static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);

    /** Whether a request without a token is refused or passed on. */
    public enum Mode {
        /** A request without a token gets 401. */
        REQUIRED,
        /** A request without a token continues unauthenticated; a bad token still gets an error. */
        OPTIONAL
    }

    /** The configured state; {@code null} until a no-arg filter is initialised. */
    private volatile Engine engine;
    private final boolean configuredInCode;

    /** The validated settings, the service and the helpers they imply. */
    private record Engine(FilterSettings settings, ApiTokens tokens, boolean ownsTokens, TokenLocator locator,
            FailureThrottle throttle) {
        Engine(FilterSettings settings, ApiTokens tokens, boolean ownsTokens) {
            this(settings, tokens, ownsTokens, new TokenLocator(settings.allowQueryParameter(), settings.queryParameter()),
                    new FailureThrottle(settings.failureLimit(), settings.failureWindow(), settings.clock()));
        }
    }

    /** For {@code web.xml}: the configuration is read from init-params in {@link #init(FilterConfig)}. */
    public ApiTokenFilter() {
        this.configuredInCode = false;
    }

    /**
     * A filter with the default settings (mode {@code required}, no query parameter).
     *
     * @param tokens the token service; the caller owns and closes it
     */
    public ApiTokenFilter(ApiTokens tokens) {
        this(builder(tokens));
    }

    private ApiTokenFilter(Builder builder) {
        this.configuredInCode = true;
        this.engine = new Engine(new FilterSettings(builder.mode, builder.realm, builder.allowQueryParameter,
                builder.queryParameter, builder.requiredScopes, builder.failureLimit, builder.failureWindow,
                builder.expirationHeader, builder.clock), builder.tokens, false);
    }

    /**
     * @param tokens the token service; the caller owns and closes it
     * @return a builder with the defaults of the init-param table
     */
    public static Builder builder(ApiTokens tokens) {
        return new Builder(tokens);
    }

    /**
     * Reads the init-params of a filter created by the no-arg constructor. A filter built in code accepts
     * no init-params.
     *
     * @throws ServletException naming the init-param that is unknown or invalid
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (configuredInCode) {
            Enumeration<String> names = config.getInitParameterNames();
            if (names != null && names.hasMoreElements()) {
                throw new ServletException("ApiTokenFilter was configured in code; init-param '"
                        + names.nextElement() + "' would be ignored");
            }
            log.info("ApiTokenFilter '{}' ready: {}", config.getFilterName(), engine.settings());
            return;
        }
        if (engine != null) {
            throw new ServletException("ApiTokenFilter is already initialised");
        }
        WebXmlConfiguration.Result result = WebXmlConfiguration.read(config);
        engine = new Engine(result.settings(), result.tokens(), result.owned());
        log.info("ApiTokenFilter '{}' ready with the token service from {}: {}", config.getFilterName(),
                result.source(), result.settings());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Engine e = engine;
        if (e == null) {
            throw new ServletException("ApiTokenFilter is not initialised");
        }
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            throw new ServletException("ApiTokenFilter handles HTTP requests only");
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        FilterSettings settings = e.settings();
        TokenLocator.Located located = e.locator().locate(headers(request, AUTHORIZATION_HEADER),
                headers(request, X_API_TOKEN_HEADER), headers(request, API_TOKEN_HEADER), request.getMethod(),
                settings.allowQueryParameter() ? request.getQueryString() : null);

        if (located.kind() == TokenLocator.Kind.NONE) {
            if (settings.mode() == Mode.REQUIRED) {
                ErrorResponse.send(response, HttpServletResponse.SC_UNAUTHORIZED,
                        ErrorResponse.challenge(settings.realm(), null, null, null), 0,
                        "unauthorized", "An API token is required");
                return;
            }
            chain.doFilter(located.queryOccurrences() > 0 ? hiding(request, null, settings, located) : request,
                    response);
            return;
        }

        if (refusedAsThrottled(request, response, e.throttle())) {
            return;
        }

        switch (located.kind()) {
            case MULTIPLE:
                badRequest(response, settings, "Found multiple tokens in the request");
                return;
            case EMPTY:
                badRequest(response, settings, located.location().label(settings.queryParameter()) + " is empty");
                return;
            case MALFORMED:
                invalidToken(request, response, e, located.location().label(settings.queryParameter()) + " is malformed",
                        "malformed " + located.location());
                return;
            default:
                break;
        }

        AuthenticationResult result;
        try {
            result = e.tokens().authenticate(located.value());
        } catch (TokenStoreException ex) {
            log.warn("Token service unavailable; answered 503 to {} {} from {}", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), ex);
            unavailable(response);
            return;
        } catch (RuntimeException ex) {
            // Not a documented failure: the message might hold anything, so only its type is logged.
            log.error("Token service failed with {}; answered 503 to {} {} from {}", ex.getClass().getName(),
                    request.getMethod(), request.getRequestURI(), request.getRemoteAddr());
            unavailable(response);
            return;
        }

        if (!(result instanceof AuthenticationResult.Authenticated)) {
            RejectionReason reason = ((AuthenticationResult.Rejected) result).reason();
            invalidToken(request, response, e, describe(reason), reason.toString());
            return;
        }
        ApiTokenPrincipal principal = ((AuthenticationResult.Authenticated) result).principal();
        for (String scope : settings.requiredScopes()) {
            if (!principal.hasScope(scope)) {
                log.debug("Token {} of {} lacks scope {}", principal.tokenId(), principal.owner(), scope);
                ErrorResponse.send(response, HttpServletResponse.SC_FORBIDDEN,
                        ErrorResponse.challenge(settings.realm(), "insufficient_scope",
                                "The token lacks a required scope", settings.scopeAttribute()),
                        0, "insufficient_scope", "The token lacks a required scope");
                return;
            }
        }
        if (located.location() == TokenLocator.Location.QUERY_PARAMETER) {
            response.setHeader("Cache-Control", "private");
        }
        if (settings.expirationHeader() && principal.expiresAt() != null) {
            response.setHeader(EXPIRATION_RESPONSE_HEADER, principal.expiresAt().toString());
        }
        chain.doFilter(hiding(request, principal, settings, located), response);
    }

    private static TokenHidingRequest hiding(HttpServletRequest request, ApiTokenPrincipal principal,
            FilterSettings settings, TokenLocator.Located located) {
        return new TokenHidingRequest(request, principal, settings.queryParameter(), located.queryOccurrences());
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return Collections.singletonList(first); // the usual case, without copying into a list
        }
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(Collections.list(values));
        return all;
    }

    private static String describe(RejectionReason reason) {
        switch (reason) {
            case EXPIRED:
                return "The token has expired";
            case REVOKED:
                return "The token has been revoked";
            default:
                return "The token is invalid";
        }
    }

    private static void badRequest(HttpServletResponse response, FilterSettings settings, String description)
            throws IOException {
        ErrorResponse.send(response, HttpServletResponse.SC_BAD_REQUEST,
                ErrorResponse.challenge(settings.realm(), "invalid_request", description, null), 0,
                "invalid_request", description);
    }

    /**
     * Answers 429 if the client has too many recent failures. The client's address is only looked up while
     * some client is being refused: formatting it costs more than authenticating a cached token.
     */
    private static boolean refusedAsThrottled(HttpServletRequest request, HttpServletResponse response,
            FailureThrottle throttle) throws IOException {
        if (!throttle.refusesAnyClient()) {
            return false;
        }
        String client = request.getRemoteAddr();
        long retryAfter = throttle.retryAfterSeconds(client);
        if (retryAfter == 0) {
            return false;
        }
        log.debug("Refused a token from {}: too many failed attempts", client);
        ErrorResponse.send(response, 429, null, retryAfter, "too_many_requests",
                "Too many failed authentication attempts; retry later");
        return true;
    }

    private static void invalidToken(HttpServletRequest request, HttpServletResponse response, Engine e,
            String description, String why) throws IOException {
        String client = request.getRemoteAddr();
        e.throttle().recordFailure(client);
        log.debug("Rejected a token from {} on {} {}: {}", client, request.getMethod(), request.getRequestURI(), why);
        ErrorResponse.send(response, HttpServletResponse.SC_UNAUTHORIZED,
                ErrorResponse.challenge(e.settings().realm(), "invalid_token", description, null), 0,
                "invalid_token", description);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        ErrorResponse.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null,
                UNAVAILABLE_RETRY_AFTER_SECONDS, "temporarily_unavailable",
                "The token service is unavailable; retry later");
    }

    /** Closes the token service if this filter created it through a {@link TokenServiceFactory}. */
    @Override
    public void destroy() {
        Engine e = engine;
        if (e != null && e.ownsTokens()) {
            engine = null;
            e.tokens().close();
        }
    }

    /** @return the effective settings, for diagnostics */
    @Override
    public String toString() {
        Engine e = engine;
        return "ApiTokenFilter[" + (e == null ? "not initialised" : e.settings()) + "]";
    }

    /**
     * Configures an {@link ApiTokenFilter} in code. Setters validate at once and name the setting in their
     * message; {@link #build()} may be called again. Not thread-safe.
     */
    public static final class Builder {
        private final ApiTokens tokens;
        private Mode mode = FilterSettings.DEFAULT_MODE;
        private String realm = FilterSettings.DEFAULT_REALM;
        private boolean allowQueryParameter = FilterSettings.DEFAULT_ALLOW_QUERY_PARAMETER;
        private String queryParameter = FilterSettings.DEFAULT_QUERY_PARAMETER;
        private List<String> requiredScopes = List.of();
        private int failureLimit = FilterSettings.DEFAULT_FAILURE_LIMIT;
        private Duration failureWindow = FilterSettings.DEFAULT_FAILURE_WINDOW;
        private boolean expirationHeader = FilterSettings.DEFAULT_EXPIRATION_HEADER;
        private Clock clock = Clock.systemUTC();

        private Builder(ApiTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        /**
         * @param mode {@link Mode#REQUIRED} (default) or {@link Mode#OPTIONAL}
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param realm the challenge's realm: 1–100 printable ASCII characters, no {@code "} or {@code \}; default {@code api}
         * @return this builder
         */
        public Builder realm(String realm) {
            this.realm = FilterSettings.realm("realm", realm);
            return this;
        }

        /**
         * @param allow whether the query parameter is read on GET and HEAD; default false (RFC 6750 §2.3)
         * @return this builder
         */
        public Builder allowQueryParameter(boolean allow) {
            this.allowQueryParameter = allow;
            return this;
        }

        /**
         * @param name the query parameter, {@code [A-Za-z0-9._~-]{1,64}}; default {@code token}
         * @return this builder
         */
        public Builder queryParameter(String name) {
            this.queryParameter = FilterSettings.queryParameter("queryParameter", name);
            return this;
        }

        /**
         * @param scopes scopes every token must have (a token without scopes has all); default none
         * @return this builder
         */
        public Builder requiredScopes(Collection<String> scopes) {
            this.requiredScopes = FilterSettings.scopes("requiredScopes", scopes);
            return this;
        }

        /**
         * @param scopes scopes every token must have (a token without scopes has all); default none
         * @return this builder
         */
        public Builder requiredScopes(String... scopes) {
            return requiredScopes(List.of(Objects.requireNonNull(scopes, "requiredScopes")));
        }

        /**
         * @param limit failed attempts per client and window before 429, positive; default 20
         * @return this builder
         */
        public Builder failureLimit(int limit) {
            this.failureLimit = FilterSettings.failureLimit("failureLimit", limit);
            return this;
        }

        /**
         * @param window the throttling window, at least 1 s; default 1 minute
         * @return this builder
         */
        public Builder failureWindow(Duration window) {
            this.failureWindow = FilterSettings.failureWindow("failureWindow", window);
            return this;
        }

        /**
         * @param send whether to send {@value #EXPIRATION_RESPONSE_HEADER}; default true
         * @return this builder
         */
        public Builder expirationHeader(boolean send) {
            this.expirationHeader = send;
            return this;
        }

        /**
         * @param clock the time source for the throttling windows; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return a new filter; it needs no init-params */
        public ApiTokenFilter build() {
            return new ApiTokenFilter(this);
        }
    }
}
