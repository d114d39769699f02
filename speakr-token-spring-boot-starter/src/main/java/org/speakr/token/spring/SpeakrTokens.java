package org.speakr.token.spring;

import java.util.List;
import java.util.Objects;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.servlet.BearerTokenError;
import org.speakr.token.servlet.ScopeRequirement;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds personal API token authentication to a {@code SecurityFilterChain}:
 *
 * <pre>{@code
 * http.with(SpeakrTokens.speakrTokens(), tokens -> tokens.requiredScopes("recordings:read"));
 * }</pre>
 *
 * <p>The library's {@link ApiTokenFilter} runs in the chain before CSRF protection, with the
 * {@code speakr.token.web.*} settings, in mode {@code optional} (a request without a token goes on to the chain's
 * other authentication; {@code authorizeHttpRequests} decides whether it needs one). Its answers are the
 * filter's: 400 for two tokens, 401 {@code invalid_token}, 403 {@code insufficient_scope}, 429 throttled, 503 with
 * {@code Retry-After} when the store fails. A valid token continues as an {@link ApiTokenAuthentication} in the
 * security context (a full-access token with the authorities of {@code speakr.token.web.known-scopes}), never
 * saved in a session; the token headers and parameter are hidden from the application;
 * {@code getUserPrincipal()} is the {@link org.speakr.token.core.ApiTokenPrincipal}; CSRF protection is not
 * asked of token-authenticated requests (it stays for the others). A request to
 * {@code speakr.token.web.path-patterns} that must authenticate and has no token is answered 401
 * {@code WWW-Authenticate: Bearer realm="…"}; a token request that authorization denies, 403
 * {@code insufficient_scope}.
 *
 * <p>The {@code ApiTokens} and settings come from the application context (the starter's auto-configuration).
 */
public final class SpeakrTokens extends AbstractHttpConfigurer<SpeakrTokens, HttpSecurity> {
    private static final String LACKS_SCOPE = "The token lacks a required scope";
    private static final RequestMatcher TOKEN_REQUEST = request -> ApiTokenFilter.principal(request).isPresent();

    /** {@code null}: those of the properties. */
    private ScopeRequirement requiredScopes;
    private ApiTokenFilter filter;
    private TokenWeb web;

    private SpeakrTokens() {
    }

    /**
     * @return a configurer for {@code http.with(...)}
     */
    public static SpeakrTokens speakrTokens() {
        return new SpeakrTokens();
    }

    /**
     * Scopes every token request of this chain needs (instead of {@code speakr.token.web.required-scopes} or
     * {@code path-scopes}).
     *
     * @param scopes RFC 6749 scope tokens
     * @return this configurer
     */
    public SpeakrTokens requiredScopes(String... scopes) {
        return requiredScopes(ScopeRequirement.of(scopes));
    }

    /**
     * @param requirement the scopes each token request needs, decided per request
     * @return this configurer
     */
    public SpeakrTokens requiredScopes(ScopeRequirement requirement) {
        this.requiredScopes = Objects.requireNonNull(requirement, "requirement");
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        web = context.getBean(TokenWeb.class);
        ApiTokenFilter.Builder builder = web.builder().mode(ApiTokenFilter.Mode.OPTIONAL);
        if (requiredScopes != null) {
            builder.requiredScopes(requiredScopes);
        }
        filter = builder.build();
        String realm = filter.realm();

        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(TOKEN_REQUEST);
        }
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            RequestMatcher paths = request -> web.paths().matches(request);
            exceptions.defaultAuthenticationEntryPointFor(
                    (request, response, ex) -> BearerTokenError.unauthorized().send(response, realm), paths);
            exceptions.defaultAccessDeniedHandlerFor((request, response, ex) -> BearerTokenError
                    .insufficientScope(LACKS_SCOPE, List.of()).send(response, realm), TOKEN_REQUEST);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SecurityContextHolderStrategy strategy = context.getBeanProvider(SecurityContextHolderStrategy.class)
                .getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        SpeakrTokenFilter.Continuation authenticate = (request, response, principal, chain) -> {
            SecurityContext securityContext = strategy.createEmptyContext();
            securityContext.setAuthentication(new ApiTokenAuthentication(principal, web.knownScopes()));
            strategy.setContext(securityContext);
            chain.doFilter(request, response);
        };
        http.addFilterBefore(new SpeakrTokenFilter(filter, null, web.observer(), authenticate,
                TokenHeadersBeneathFirewall::of), CsrfFilter.class);
        http.addFilterAfter(new PrincipalRequestFilter(), SecurityContextHolderAwareRequestFilter.class);
    }
}
