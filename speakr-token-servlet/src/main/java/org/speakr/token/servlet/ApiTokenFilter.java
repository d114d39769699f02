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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationContext;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.core.internal.ScopeRules;
import org.speakr.token.core.internal.SettingValues;

/**
 * Authenticates requests that carry a personal API token, and answers those that cannot be served with the
 * error responses of RFC 6750 §3 ({@link BearerTokenError}).
 *
 * <p>A token is read from exactly one of: {@code Authorization: Bearer <token>} (scheme in any case,
 * {@code 1*SP}, a token68 value), {@code X-API-Token: <token>}, {@code API-Token: <token>} (header names in
 * any case), or, only when {@link Builder#allowQueryParameter(boolean)} is on and only on {@code GET} and
 * {@code HEAD} (on every method with {@link Builder#queryParameterAnyMethod(boolean)}, for Speakr clients),
 * the query parameter (default {@code token}), read from the raw query string so a request body is never
 * consumed.
 *
 * <table>
 * <caption>Answers</caption>
 * <tr><th>request</th><th>answer</th></tr>
 * <tr><td>valid token with the required scopes</td><td>the chain continues with a wrapped request:
 *     {@code getUserPrincipal()} is an {@link ApiTokenPrincipal} (also {@link #principal(ServletRequest)} and
 *     the request attribute {@value #PRINCIPAL_ATTRIBUTE}), {@code getRemoteUser()} its owner,
 *     {@code getAuthType()} {@value #AUTH_TYPE}; the three headers and the query parameter are hidden.
 *     Authenticated by the query parameter: {@code Cache-Control: private}. Expiring token:
 *     {@value #EXPIRATION_RESPONSE_HEADER}{@code : <ISO-8601 instant>}.</td></tr>
 * <tr><td>no token, mode {@code required}</td><td>401, {@code WWW-Authenticate: Bearer realm="…"}</td></tr>
 * <tr><td>no token, mode {@code optional}</td><td>the chain continues unauthenticated</td></tr>
 * <tr><td>more than one token (two locations, a header twice, the parameter twice); an empty
 *     {@code X-API-Token}, {@code API-Token} or parameter</td><td>400 {@code invalid_request}</td></tr>
 * <tr><td>a value that is not a token68, or {@code Bearer} without one</td>
 *     <td>401 {@code invalid_token} (as Spring Security's {@code DefaultBearerTokenResolver})</td></tr>
 * <tr><td>unknown, expired, revoked or rotated token</td><td>401 {@code invalid_token}</td></tr>
 * <tr><td>valid token used from outside its {@linkplain org.speakr.token.core.AllowedNetworks allowed
 *     networks} (judged by {@link HttpServletRequest#getRemoteAddr()})</td><td>403 {@code network_not_allowed};
 *     not recorded as a use</td></tr>
 * <tr><td>valid token, but a query string that does not decode (a {@code %} not followed by two ASCII hex
 *     digits, or not UTF-8)</td><td>400 {@code invalid_request}</td></tr>
 * <tr><td>token lacks a scope the request requires ({@link ScopeRequirement})</td>
 *     <td>403 {@code insufficient_scope} with {@code scope="…"} of that request's requirement</td></tr>
 * <tr><td>the token service fails (e.g. {@link TokenStoreException})</td>
 *     <td>503 with {@code Retry-After: 5}; the chain is not called</td></tr>
 * <tr><td>a client that has had {@code failure-limit} 401 {@code invalid_token} or 403
 *     {@code network_not_allowed} answers within
 *     {@code failure-window} presents a token</td><td>a token this node's cache already knows to be valid is
 *     served as usual, without a store lookup (so clients sharing one address keep working); any other: 429
 *     with {@code Retry-After}, and no store lookup</td></tr>
 * </table>
 *
 * <p>No answer, header or log line ever contains the token.
 *
 * <p>Once per request: map the filter for every dispatcher type ({@code REQUEST}, {@code FORWARD}, {@code INCLUDE},
 * {@code ERROR}, {@code ASYNC}) and mark it async-supported. A request it authenticated keeps its principal through
 * every later dispatch without a second lookup (the required scopes of the dispatch target are still checked); an
 * internal dispatch of a request it did not authenticate is judged like a new request, so in mode {@code required}
 * one without a token is refused.
 *
 * <h2>Wiring in code</h2>
 * <pre>{@code
 * ApiTokenFilter filter = ApiTokenFilter.builder(tokens)
 *         .mode(ApiTokenFilter.Mode.REQUIRED)
 *         .requiredScopes("recordings:read")
 *         .build();
 * }</pre>
 * The caller owns {@code tokens}; the filter does not close it. Settings given as text (names in
 * {@link ApiTokenFilterSettings}) go through {@link Builder#apply(Map)}; {@code web.xml} deployments use
 * {@link WebXmlApiTokenFilter}, which builds this filter from its init-params.
 *
 * <p>Failures are counted per {@link HttpServletRequest#getRemoteAddr()} in a bounded cache of
 * 100,000 clients. Behind a reverse proxy, configure the container to take
 * the client address from the proxy's forwarding header (e.g. Jetty's {@code ForwardedRequestCustomizer}).
 *
 * <p>Instances are immutable and thread-safe; one instance may serve any number of mappings.
 */
public final class ApiTokenFilter implements Filter {
    /** {@link HttpServletRequest#getAuthType()} of an authenticated request. */
    public static final String AUTH_TYPE = "Bearer";
    /** The response header carrying an expiring token's expiry instant (ISO-8601). */
    public static final String EXPIRATION_RESPONSE_HEADER = "Speakr-Token-Expiration";
    /**
     * The request attribute holding the authenticated {@link ApiTokenPrincipal}; answered by the filter's request
     * wrapper, so it is seen through any wrapper an application or framework adds later.
     */
    public static final String PRINCIPAL_ATTRIBUTE = "org.speakr.token.servlet.principal";

    /** The standard header, read for {@code Bearer} credentials. */
    static final String AUTHORIZATION_HEADER = "Authorization";
    /** A header carrying the bare token. */
    static final String X_API_TOKEN_HEADER = "X-API-Token";
    /** A header carrying the bare token. */
    static final String API_TOKEN_HEADER = "API-Token";
    /**
     * The headers the filter reads a token from ({@code Authorization}, {@code X-API-Token}, {@code API-Token}) and
     * hides from the application behind it; header names are case-insensitive.
     */
    public static final List<String> TOKEN_HEADERS = List.of(AUTHORIZATION_HEADER, X_API_TOKEN_HEADER,
            API_TOKEN_HEADER);
    /** The description of every 403 {@code insufficient_scope}. */
    static final String LACKS_SCOPE = "The token lacks a required scope";

    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);
    private static final BearerTokenError UNAVAILABLE = BearerTokenError.unavailable();
    /** The description of a 400 for a query string that does not decode. */
    static final String MALFORMED_QUERY = "The query string has a malformed percent-escape or is not UTF-8";
    private static final BearerTokenError BAD_QUERY = BearerTokenError.invalidRequest(MALFORMED_QUERY);
    private static final BearerTokenError NETWORK_REFUSED = BearerTokenError.networkNotAllowed();

    /** Whether a request without a token is refused or passed on. */
    public enum Mode {
        /** A request without a token gets 401. */
        REQUIRED,
        /** A request without a token continues unauthenticated; a bad token still gets an error. */
        OPTIONAL
    }

    private final ApiTokens tokens;
    private final Mode mode;
    private final String realm;
    private final boolean allowQueryParameter;
    private final String queryParameter;
    /** The fixed requirement, or {@code null} when {@link #perRequestScopes} decides. */
    private final FixedScopes fixedScopes;
    private final ScopeRequirement perRequestScopes;
    /** The context of {@link #fixedScopes}, made once. */
    private final AuthenticationContext fixedContext;
    private volatile LastContext lastContext;
    private final boolean expirationHeader;
    private final TokenLocator locator;
    private final FailureThrottle throttle;
    private final String description;

    private ApiTokenFilter(Builder b) {
        this.tokens = b.tokens;
        this.mode = b.mode;
        this.realm = b.realm;
        this.allowQueryParameter = b.allowQueryParameter;
        this.queryParameter = b.queryParameter;
        this.fixedScopes = b.requiredScopes instanceof FixedScopes fixed ? fixed : null;
        this.perRequestScopes = fixedScopes == null ? b.requiredScopes : null;
        this.fixedContext = fixedScopes == null ? null : AuthenticationContext.requiringScopes(fixedScopes.array());
        this.expirationHeader = b.expirationHeader;
        this.locator = new TokenLocator(b.allowQueryParameter, b.queryParameter, b.queryParameterAnyMethod);
        this.throttle = new FailureThrottle(b.failureLimit, b.failureWindow, b.clock);
        this.description = b.describe();
    }

    /**
     * @param tokens the token service; the caller owns and closes it
     * @return a builder with the defaults of {@link ApiTokenFilterSettings}
     */
    public static Builder builder(ApiTokens tokens) {
        return new Builder(tokens);
    }

    /**
     * The token that authenticated a request, read from the request attribute {@value #PRINCIPAL_ATTRIBUTE}, so
     * it is found behind any other request wrapper (Spring Security's, for one) that changes
     * {@code getUserPrincipal()}.
     *
     * @param request a request that passed this filter, or any request
     * @return the principal, or empty when the request was not authenticated by a token
     */
    public static Optional<ApiTokenPrincipal> principal(ServletRequest request) {
        return request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof ApiTokenPrincipal principal
                ? Optional.of(principal)
                : Optional.empty();
    }

    /**
     * The realm of this filter's {@code WWW-Authenticate} challenges, for integrations that answer some requests
     * themselves with {@link BearerTokenError#send(HttpServletResponse, String)} (e.g. a security framework's
     * entry point) and must name the same realm.
     *
     * @return the {@code realm} setting
     */
    public String realm() {
        return realm;
    }

    /**
     * Logs the configuration. The filter is configured in code: init-params are refused rather than ignored
     * (use {@link WebXmlApiTokenFilter} to configure from {@code web.xml}).
     *
     * @throws ServletException if the container gives init-params
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        Enumeration<String> names = config.getInitParameterNames();
        if (names != null && names.hasMoreElements()) {
            throw new ServletException("ApiTokenFilter is configured in code; init-param '" + names.nextElement()
                    + "' would be ignored (use " + WebXmlApiTokenFilter.class.getName() + " in web.xml)");
        }
        log.info("ApiTokenFilter '{}' ready: {}", config.getFilterName(), description);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("ApiTokenFilter handles HTTP requests only");
        }
        if (request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof ApiTokenPrincipal already) {
            // A FORWARD, INCLUDE, ERROR or ASYNC dispatch of a request a token filter already authenticated
            // (the token is hidden from it by now): once per request, so no second lookup and no second use.
            dispatchAuthenticated(request, response, chain, already);
            return;
        }
        TokenLocator.Located located = locator.locate(headers(request, AUTHORIZATION_HEADER),
                headers(request, X_API_TOKEN_HEADER), headers(request, API_TOKEN_HEADER), request.getMethod(),
                allowQueryParameter ? request.getQueryString() : null);

        if (located.kind() == TokenLocator.Kind.NONE) {
            if (mode == Mode.REQUIRED) {
                BearerTokenError.unauthorized().send(response, realm);
                return;
            }
            chain.doFilter(located.queryOccurrences() > 0 ? hiding(request, null, located) : request, response);
            return;
        }

        long retryAfter = throttledFor(request);
        if (retryAfter > 0 && located.kind() != TokenLocator.Kind.FOUND) {
            tooManyRequests(request, response, retryAfter);
            return;
        }

        switch (located.kind()) {
            case MULTIPLE -> {
                BearerTokenError.invalidRequest("Found multiple tokens in the request").send(response, realm);
                return;
            }
            case EMPTY -> {
                BearerTokenError.invalidRequest(located.location().label(queryParameter) + " is empty")
                        .send(response, realm);
                return;
            }
            case MALFORMED -> {
                invalidToken(request, response, located.location().label(queryParameter) + " is malformed",
                        "malformed " + located.location());
                return;
            }
            default -> {
                // FOUND: authenticate below
            }
        }

        // A throttled client's tokens are judged from this node's cache alone: one already known valid passes,
        // any other gets 429 (one that would cost a store lookup is never looked up).
        AuthenticationContext context = retryAfter > 0 ? contextFor(request).cacheOnly() : contextFor(request);
        AuthenticationResult result;
        try {
            // The address as the container reports it (behind a proxy: as its forwarding customizer sets it); the
            // service checks it against a token's allowed networks and records both with the use, reading them
            // from the request only then.
            result = tokens.authenticate(located.value(), context, new RequestClient(request));
        } catch (TokenStoreException ex) {
            log.warn("Token service unavailable; answered 503 to {} {} from {}", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), ex);
            UNAVAILABLE.send(response, realm);
            return;
        } catch (RuntimeException ex) {
            // Not a documented failure: the message might hold anything, so only its type is logged.
            log.error("Token service failed with {}; answered 503 to {} {} from {}", ex.getClass().getName(),
                    request.getMethod(), request.getRequestURI(), request.getRemoteAddr());
            UNAVAILABLE.send(response, realm);
            return;
        }

        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            proceed(request, response, chain, authenticated.principal(), located);
        } else if (result instanceof AuthenticationResult.InsufficientScope lacking) {
            log.debug("Token {} of {} lacks a scope of {}", lacking.principal().tokenId(),
                    lacking.principal().owner(), lacking.requiredScopes());
            (fixedScopes != null ? fixedScopes.insufficientScope()
                    : BearerTokenError.insufficientScope(LACKS_SCOPE, lacking.requiredScopes())).send(response, realm);
        } else if (retryAfter > 0) {
            // NotCached (judging it would cost a store lookup), or rejected: the throttle answers as before.
            tooManyRequests(request, response, retryAfter);
        } else if (((AuthenticationResult.Rejected) result).reason() == RejectionReason.NETWORK_NOT_ALLOWED) {
            networkNotAllowed(request, response);
        } else {
            AuthenticationResult.Rejected rejected = (AuthenticationResult.Rejected) result;
            invalidToken(request, response, describe(rejected.reason()), rejected.reason().toString());
        }
    }

    private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            ApiTokenPrincipal principal, TokenLocator.Located located) throws IOException, ServletException {
        if (!QueryString.isWellFormed(request.getQueryString())) {
            // The application's getParameter would fail on it, as a 500 with a stack trace in the log.
            log.debug("Refused an authenticated request with a malformed query from {}", request.getRemoteAddr());
            BAD_QUERY.send(response, realm);
            return;
        }
        if (located.location() == TokenLocator.Location.QUERY_PARAMETER) {
            response.setHeader("Cache-Control", "private");
        }
        if (expirationHeader && principal.expiresAt() != null) {
            response.setHeader(EXPIRATION_RESPONSE_HEADER, principal.expiresAt().toString());
        }
        // Also in the container's own attributes: ERROR and ASYNC dispatches start from the unwrapped request.
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        chain.doFilter(hiding(request, principal, located), response);
    }

    private void dispatchAuthenticated(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            ApiTokenPrincipal principal) throws IOException, ServletException {
        Set<String> required = fixedScopes != null ? fixedScopes.scopesFor(request)
                : Objects.requireNonNull(perRequestScopes.scopesFor(request), "ScopeRequirement.scopesFor returned null");
        for (String scope : required) {
            if (!principal.hasScope(scope)) {
                log.debug("Token {} of {} lacks a scope of {} on a {} dispatch", principal.tokenId(), principal.owner(),
                        required, request.getDispatcherType());
                (fixedScopes != null ? fixedScopes.insufficientScope()
                        : BearerTokenError.insufficientScope(LACKS_SCOPE, required)).send(response, realm);
                return;
            }
        }
        int queryOccurrences = allowQueryParameter ? QueryString.values(request.getQueryString(), queryParameter).size() : 0;
        chain.doFilter(request instanceof TokenHidingRequest ? request
                : new TokenHidingRequest(request, principal, queryParameter, queryOccurrences), response);
    }

    /** The fixed requirement's prepared context, or the per-request hook's scopes as a context. */
    private AuthenticationContext contextFor(HttpServletRequest request) {
        if (fixedScopes != null) {
            return fixedContext;
        }
        Set<String> required = Objects.requireNonNull(perRequestScopes.scopesFor(request),
                "ScopeRequirement.scopesFor returned null");
        LastContext last = lastContext;
        if (last != null && last.scopes == required) {
            return last.context;
        }
        AuthenticationContext context = AuthenticationContext.requiringScopes(required);
        lastContext = new LastContext(required, context);
        return context;
    }

    /** The context made for the hook's last set: hooks return sets made once, so it is usually reused. */
    private record LastContext(Set<String> scopes, AuthenticationContext context) {
    }

    private TokenHidingRequest hiding(HttpServletRequest request, ApiTokenPrincipal principal,
            TokenLocator.Located located) {
        return new TokenHidingRequest(request, principal, queryParameter, located.queryOccurrences());
    }

    /**
     * @param name a header name
     * @return whether it names one of {@link #TOKEN_HEADERS}, in any case
     */
    public static boolean isTokenHeader(String name) {
        for (String header : TOKEN_HEADERS) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
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
        return switch (reason) {
            case EXPIRED -> "The token has expired";
            case REVOKED -> "The token has been revoked";
            case ROTATED -> "The token was rotated";
            default -> "The token is invalid";
        };
    }

    /**
     * The seconds until the client may spend store lookups again, 0 if it may now. The client's address is only
     * looked up while some client is being refused: formatting it costs more than authenticating a cached token.
     */
    private long throttledFor(HttpServletRequest request) {
        return throttle.refusesAnyClient() ? throttle.retryAfterSeconds(request.getRemoteAddr()) : 0;
    }

    private void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long retryAfter)
            throws IOException {
        log.debug("Refused a token from {}: too many failed attempts", request.getRemoteAddr());
        BearerTokenError.tooManyRequests(retryAfter).send(response, realm);
    }

    private void invalidToken(HttpServletRequest request, HttpServletResponse response, String description,
            String why) throws IOException {
        String client = request.getRemoteAddr();
        throttle.recordFailure(client);
        log.debug("Rejected a token from {} on {} {}: {}", client, request.getMethod(), request.getRequestURI(), why);
        BearerTokenError.invalidToken(description).send(response, realm);
    }

    /**
     * 403: the token is valid, but not from this client's address. Counted like a 401: the answer tells that the
     * token exists, so someone trying leaked tokens from outside their networks is held to the same allowance.
     */
    private void networkNotAllowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        throttle.recordFailure(client);
        log.debug("Refused a token from {} on {} {}: outside its allowed networks", client, request.getMethod(),
                request.getRequestURI());
        NETWORK_REFUSED.send(response, realm);
    }

    /** Does nothing: the caller owns the token service. */
    @Override
    public void destroy() {
        // nothing to release
    }

    /**
     * The effective settings by the names of {@link ApiTokenFilterSettings}, durations as
     * {@code SettingValues.format} writes them, e.g.
     * {@code ApiTokenFilter[mode=required, realm=api, allow-query-parameter=false, …, expiration-header=true, clock=…]}.
     */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Configures an {@link ApiTokenFilter}. Setters validate at once and throw
     * {@code IllegalArgumentException("<setting>: expected <rule>, got '<value>'")} naming the setting as in
     * {@link ApiTokenFilterSettings}; {@link #apply(Map)} reaches the same setters from text.
     * {@link #build()} may be called again. Not thread-safe.
     */
    public static final class Builder {
        private static final Map<String, BiConsumer<Builder, String>> FROM_TEXT = Map.of(
                ApiTokenFilterSettings.MODE, (b, v) -> b.mode(parseMode(v)),
                ApiTokenFilterSettings.REALM, (b, v) -> b.realm(v.strip()),
                ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER, (b, v) -> b.allowQueryParameter(
                        SettingValues.parseBoolean(ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER, v)),
                ApiTokenFilterSettings.QUERY_PARAMETER, (b, v) -> b.queryParameter(v.strip()),
                ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD, (b, v) -> b.queryParameterAnyMethod(
                        SettingValues.parseBoolean(ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD, v)),
                ApiTokenFilterSettings.REQUIRED_SCOPES, (b, v) -> b.requiredScopes(
                        ScopeRules.parse(ApiTokenFilterSettings.REQUIRED_SCOPES, v)),
                ApiTokenFilterSettings.FAILURE_LIMIT, (b, v) -> b.failureLimit(
                        SettingValues.parsePositiveInt(ApiTokenFilterSettings.FAILURE_LIMIT, v)),
                ApiTokenFilterSettings.FAILURE_WINDOW, (b, v) -> b.failureWindow(
                        SettingValues.parseDuration(ApiTokenFilterSettings.FAILURE_WINDOW, v)),
                ApiTokenFilterSettings.EXPIRATION_HEADER, (b, v) -> b.expirationHeader(
                        SettingValues.parseBoolean(ApiTokenFilterSettings.EXPIRATION_HEADER, v)));
        private static final String REALM_RULE = "1 to 100 printable ASCII characters without '\"' or '\\'";
        private static final String QUERY_PARAMETER_RULE = "1 to 64 of [A-Za-z0-9._~-]";
        private static final Duration MINIMUM_FAILURE_WINDOW = Duration.ofSeconds(1);

        private final ApiTokens tokens;
        private Mode mode = Mode.REQUIRED;
        private String realm = "api";
        private boolean allowQueryParameter = false;
        private String queryParameter = "token";
        private boolean queryParameterAnyMethod = false;
        private ScopeRequirement requiredScopes = FixedScopes.NONE;
        private int failureLimit = 20;
        private Duration failureWindow = Duration.ofMinutes(1);
        private boolean expirationHeader = true;
        private Clock clock = Clock.systemUTC();

        private Builder(ApiTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        /**
         * @param mode {@link Mode#REQUIRED} (default) or {@link Mode#OPTIONAL}
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, ApiTokenFilterSettings.MODE);
            return this;
        }

        /**
         * @param realm the challenge's realm: 1–100 printable ASCII characters, no {@code "} or {@code \}; default {@code api}
         * @return this builder
         */
        public Builder realm(String realm) {
            this.realm = checked(ApiTokenFilterSettings.REALM, realm, 100,
                    c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\', REALM_RULE);
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
            this.queryParameter = checked(ApiTokenFilterSettings.QUERY_PARAMETER, name, 64,
                    c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '~' || c == '-'),
                    QUERY_PARAMETER_RULE);
            return this;
        }

        /**
         * @param scopes scopes every token must have (a token without scopes has all), RFC 6749 scope tokens of
         *        1 to 64 characters, at most 32; default none
         * @return this builder
         */
        public Builder requiredScopes(Collection<String> scopes) {
            this.requiredScopes = new FixedScopes(Objects.requireNonNull(scopes, ApiTokenFilterSettings.REQUIRED_SCOPES));
            return this;
        }

        /**
         * @param scopes scopes every token must have (a token without scopes has all); default none
         * @return this builder
         */
        public Builder requiredScopes(String... scopes) {
            this.requiredScopes = ScopeRequirement.of(scopes);
            return this;
        }

        /**
         * @param requirement decides the scopes each request needs; replaces fixed scopes
         * @return this builder
         */
        public Builder requiredScopes(ScopeRequirement requirement) {
            this.requiredScopes = Objects.requireNonNull(requirement, ApiTokenFilterSettings.REQUIRED_SCOPES);
            return this;
        }

        /**
         * @param limit failed attempts per client and window before 429, positive; default 20
         * @return this builder
         */
        public Builder failureLimit(int limit) {
            if (limit <= 0) {
                throw SettingValues.invalid(ApiTokenFilterSettings.FAILURE_LIMIT, "a positive integer", limit);
            }
            this.failureLimit = limit;
            return this;
        }

        /**
         * @param window the throttling window, at least 1 s; default 1 minute
         * @return this builder
         */
        public Builder failureWindow(Duration window) {
            this.failureWindow = SettingValues.requireAtLeast(ApiTokenFilterSettings.FAILURE_WINDOW, window,
                    MINIMUM_FAILURE_WINDOW);
            return this;
        }

        /**
         * @param send whether to send {@value ApiTokenFilter#EXPIRATION_RESPONSE_HEADER}; default true
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

        /**
         * Applies settings given as text, e.g. {@code web.xml} init-params or Spring properties, through the
         * setters above; the names are those of {@link ApiTokenFilterSettings}.
         *
         * @param settings name to value
         * @return this builder
         * @throws IllegalArgumentException naming the first unknown or invalid setting
         */
        public Builder apply(Map<String, String> settings) {
            SettingValues.apply(this, settings, FROM_TEXT);
            return this;
        }

        /** {@code value} if it has 1 to {@code maxLength} characters, each {@code allowed}. */
        private static String checked(String setting, String value, int maxLength, IntPredicate allowed, String rule) {
            Objects.requireNonNull(value, setting);
            if (value.isEmpty() || value.length() > maxLength || !value.chars().allMatch(allowed)) {
                throw SettingValues.invalid(setting, rule, value);
            }
            return value;
        }

        private static Mode parseMode(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "required" -> Mode.REQUIRED;
                case "optional" -> Mode.OPTIONAL;
                default -> throw SettingValues.invalid(ApiTokenFilterSettings.MODE, "required or optional", text);
            };
        }

        /**
         * Speakr compatibility: read the query parameter on every method, as Speakr does ({@code POST ?token=…}
         * from n8n or Zapier), not only on GET and HEAD. Off by default. Security: the token then also travels in
         * the URLs of requests that change data, where access logs, proxies and browser history keep it, and a
         * cross-site form can carry a token it learnt that way; turn it on only for clients that cannot send a
         * header, and only together with {@link #allowQueryParameter(boolean) allowQueryParameter(true)}.
         *
         * @param anyMethod whether the query parameter is read on every method; default false
         * @return this builder
         */
        public Builder queryParameterAnyMethod(boolean anyMethod) {
            this.queryParameterAnyMethod = anyMethod;
            return this;
        }

        /**
         * @return a new filter
         * @throws IllegalStateException when {@code query-parameter-any-method} is on without
         *         {@code allow-query-parameter}
         */
        public ApiTokenFilter build() {
            if (queryParameterAnyMethod && !allowQueryParameter) {
                throw new IllegalStateException(ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD
                        + ": expected " + ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER + "=true as well, got 'true'");
            }
            return new ApiTokenFilter(this);
        }

        /** The configuration by setting name, each value in the form its text is given in. */
        private String describe() {
            return "ApiTokenFilter[" + ApiTokenFilterSettings.MODE + "=" + mode.name().toLowerCase(Locale.ROOT)
                    + ", " + ApiTokenFilterSettings.REALM + "=" + realm
                    + ", " + ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER + "=" + allowQueryParameter
                    + ", " + ApiTokenFilterSettings.QUERY_PARAMETER + "=" + queryParameter
                    + ", " + ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD + "=" + queryParameterAnyMethod
                    + ", " + ApiTokenFilterSettings.REQUIRED_SCOPES + "="
                    + (requiredScopes instanceof FixedScopes ? requiredScopes : "per request")
                    + ", " + ApiTokenFilterSettings.FAILURE_LIMIT + "=" + failureLimit
                    + ", " + ApiTokenFilterSettings.FAILURE_WINDOW + "=" + SettingValues.format(failureWindow)
                    + ", " + ApiTokenFilterSettings.EXPIRATION_HEADER + "=" + expirationHeader
                    + ", clock=" + clock + "]";
        }
    }
}
