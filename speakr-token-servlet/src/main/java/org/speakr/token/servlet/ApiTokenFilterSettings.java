package org.speakr.token.servlet;

import java.util.Set;

/**
 * The names of the {@link ApiTokenFilter} settings that can be given as text: through
 * {@link ApiTokenFilter.Builder#apply(java.util.Map)}, as {@code web.xml} init-params of
 * {@link WebXmlApiTokenFilter}, or as Spring properties under {@code speakr.token.web.}. Each name is also the
 * name a bad value is refused with: {@code failure-window: expected at least 1s, got '500ms'}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>builder method</th><th>default</th></tr>
 * <tr><td>{@value #MODE}</td><td>{@code mode}</td><td>{@code required}</td></tr>
 * <tr><td>{@value #REALM}</td><td>{@code realm}</td><td>{@code api}</td></tr>
 * <tr><td>{@value #ALLOW_QUERY_PARAMETER}</td><td>{@code allowQueryParameter}</td><td>{@code false}</td></tr>
 * <tr><td>{@value #QUERY_PARAMETER}</td><td>{@code queryParameter}</td><td>{@code token}</td></tr>
 * <tr><td>{@value #QUERY_PARAMETER_ANY_METHOD}</td><td>{@code queryParameterAnyMethod}</td><td>{@code false}</td></tr>
 * <tr><td>{@value #REQUIRED_SCOPES}</td><td>{@code requiredScopes}</td><td>none</td></tr>
 * <tr><td>{@value #FAILURE_LIMIT}</td><td>{@code failureLimit}</td><td>20</td></tr>
 * <tr><td>{@value #FAILURE_WINDOW}</td><td>{@code failureWindow}</td><td>1m</td></tr>
 * <tr><td>{@value #EXPIRATION_HEADER}</td><td>{@code expirationHeader}</td><td>{@code true}</td></tr>
 * </table>
 */
public final class ApiTokenFilterSettings {
    /** {@code required} or {@code optional} (any case): whether a request without a token is refused. */
    public static final String MODE = "mode";
    /** The realm of the {@code WWW-Authenticate} challenge: 1 to 100 printable ASCII characters, no {@code "} or {@code \}. */
    public static final String REALM = "realm";
    /** {@code true} or {@code false}: accept the token as a query parameter on GET and HEAD. */
    public static final String ALLOW_QUERY_PARAMETER = "allow-query-parameter";
    /** The query parameter's name, {@code [A-Za-z0-9._~-]{1,64}}. */
    public static final String QUERY_PARAMETER = "query-parameter";
    /**
     * {@code true} or {@code false}: Speakr compatibility, read the query parameter on every method (POST, PUT,
     * DELETE…) as Speakr does, not only on GET and HEAD; needs {@value #ALLOW_QUERY_PARAMETER}.
     */
    public static final String QUERY_PARAMETER_ANY_METHOD = "query-parameter-any-method";
    /** Scopes every token must have, separated by spaces or commas. */
    public static final String REQUIRED_SCOPES = "required-scopes";
    /** Positive integer: failed attempts per client and window before 429. */
    public static final String FAILURE_LIMIT = "failure-limit";
    /** Duration of at least 1 s: the throttling window. */
    public static final String FAILURE_WINDOW = "failure-window";
    /** {@code true} or {@code false}: send the expiry of an expiring token on authenticated responses. */
    public static final String EXPIRATION_HEADER = "expiration-header";

    /** Every setting name above. */
    public static final Set<String> NAMES = Set.of(MODE, REALM, ALLOW_QUERY_PARAMETER, QUERY_PARAMETER,
            QUERY_PARAMETER_ANY_METHOD, REQUIRED_SCOPES, FAILURE_LIMIT, FAILURE_WINDOW, EXPIRATION_HEADER);

    private ApiTokenFilterSettings() {
    }
}
