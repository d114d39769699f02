package org.speakr.token.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.servlet.ApiTokenFilter;

/**
 * The servers of the HTTP comparison: the same small JSON endpoint, {@code GET /api/hello}, on embedded Jetty 12
 * (ee11, one {@link ServletContextHandler}, 127.0.0.1, an ephemeral port), behind different authentication.
 */
public final class HttpVariants {
    /** The endpoint's path. */
    public static final String PATH = "/api/hello";

    private static final byte[] BODY =
            "{\"recordings\":[{\"id\":1,\"title\":\"Standup\",\"duration\":912}],\"page\":1,\"per_page\":25}"
                    .getBytes(StandardCharsets.UTF_8);

    private HttpVariants() {
    }

    /** The endpoint: a constant JSON body of 78 bytes. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }

    /** @return a started server with {@code filter} (if any) in front of the endpoint */
    public static Server start(Filter filter) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new HelloServlet()), PATH);
        server.setHandler(context);
        server.start();
        return server;
    }

    /** @return the endpoint's URI on {@code server} */
    public static URI uri(Server server) {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    /** @return B and D: our filter, defaults (mode required, no query parameter) */
    public static Filter apiTokenFilter(ApiTokens tokens) {
        return ApiTokenFilter.builder(tokens).build();
    }

    /**
     * C: Spring Security's resource-server chain for opaque tokens, wired by hand, with the same semantics as B
     * (a request without a valid token gets 401): a {@link FilterChainProxy} (which clears the security context
     * after each request and applies Spring's request firewall) over {@link BearerTokenAuthenticationFilter}
     * with a {@link ProviderManager} of one {@link OpaqueTokenAuthenticationProvider}, an
     * {@link ExceptionTranslationFilter} with {@link BearerTokenAuthenticationEntryPoint}, and an
     * {@link AuthorizationFilter} that requires an authenticated request. This is the chain
     * {@code http.oauth2ResourceServer(o -> o.opaqueToken(...)).authorizeHttpRequests(a -> a.anyRequest().authenticated())}
     * builds, minus the filters that do nothing for a stateless API request (CSRF, headers, session management,
     * logout, request cache, anonymous).
     */
    public static Filter springChain(OpaqueTokenIntrospector introspector) {
        BearerTokenAuthenticationFilter bearer = new BearerTokenAuthenticationFilter(
                new ProviderManager(new OpaqueTokenAuthenticationProvider(introspector)));
        ExceptionTranslationFilter exceptions =
                new ExceptionTranslationFilter(new BearerTokenAuthenticationEntryPoint(), new NullRequestCache());
        AuthorizationFilter authorization = new AuthorizationFilter(AuthenticatedAuthorizationManager.authenticated());
        return new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, bearer, exceptions,
                authorization));
    }

    /**
     * C0: the smallest correct use of Spring's filter: {@link BearerTokenAuthenticationFilter} alone, behind a
     * filter that clears the thread's security context afterwards (what {@link FilterChainProxy} would do). It
     * lets a request without a token through, so it does less than B; it bounds Spring's cost from below.
     */
    public static Filter springBearerOnly(OpaqueTokenIntrospector introspector) {
        BearerTokenAuthenticationFilter bearer = new BearerTokenAuthenticationFilter(
                new ProviderManager(new OpaqueTokenAuthenticationProvider(introspector)));
        return new Filter() {
            @Override
            public void init(jakarta.servlet.FilterConfig config) throws ServletException {
                bearer.init(config);
            }

            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                try {
                    bearer.doFilter(request, response, chain);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }
        };
    }

    /**
     * The opaque-token {@code AuthenticationManager}'s work for C and C0, the same as our cached path: SHA-256
     * of the token (engine reused per thread, as {@code ApiTokens} does), then a map lookup by hash. The map
     * key is the lowercase hex hash, the usual way to key such a map; the principal is built once per token.
     */
    public static final class MapIntrospector implements OpaqueTokenIntrospector {
        private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(BenchTokens::sha256);
        private final Map<String, OAuth2AuthenticatedPrincipal> byHash = new ConcurrentHashMap<>();

        /** Adds a token for {@code owner}, stored by its hash only. */
        public void add(String token, String owner) {
            byHash.put(BenchTokens.sha256Hex(token), new DefaultOAuth2AuthenticatedPrincipal(owner,
                    Map.of("sub", owner, "client_id", "bench"), List.of()));
        }

        @Override
        public OAuth2AuthenticatedPrincipal introspect(String token) {
            byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
            OAuth2AuthenticatedPrincipal principal = byHash.get(HexFormat.of().formatHex(digest));
            if (principal == null) {
                throw new BadOpaqueTokenException("Provided token isn't active");
            }
            return principal;
        }
    }
}
