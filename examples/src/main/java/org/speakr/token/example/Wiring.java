package org.speakr.token.example;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.TokenEventListener;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.servlet.ScopeRequirement;

/**
 * The one place where the token library is wired in: tokens live in the app's own database
 * ({@link JdbcTokenStore}, table {@code speakr_api_tokens}), and {@code /api/*} runs {@link ApiTokenFilter} in
 * optional mode (a request without a token may still have a login session, see {@link Caller}), with a scope
 * per resource. The filter answers every token error itself (401, 403 {@code insufficient_scope} or
 * {@code network_not_allowed}, 429, 503). It does not run below {@link PublicApiPaths#PREFIXES}, whose callers
 * prove themselves by other means. Expiry notices go to {@link ExpiryNotices}.
 */
final class Wiring {
    /** The realm of the {@code WWW-Authenticate: Bearer} challenges. */
    static final String REALM = "speakr";
    /** How often last-used instants are written behind; short, so the demo page shows them soon. */
    static final Duration LAST_USED_WRITE_INTERVAL = Duration.ofSeconds(10);
    /** The most active tokens one user may hold. */
    static final int MAX_ACTIVE_TOKENS_PER_USER = 100;
    /** The scopes a token may have; a token without scopes has full access (as in Speakr). */
    static final List<String> SCOPES = List.of("recordings:read", "tags:read", "tokens:write");
    /** The scope a token needs, by servlet path (each resource is one servlet); a session has full access. */
    private static final Map<String, ScopeRequirement> SCOPE_BY_RESOURCE = Map.of(
            "/api/recordings", ScopeRequirement.of("recordings:read"),
            "/api/tags", ScopeRequirement.of("tags:read"),
            "/api/tokens", ScopeRequirement.of("tokens:write"),
            "/api/tokens/leaks", ScopeRequirement.of("tokens:write"));

    private Wiring() {
    }

    /**
     * Creates the token table if missing and starts the token service.
     *
     * @param dataSource the app's database, which also holds the tokens
     * @param clock the token service's time source
     * @return the running token service; the caller closes it (that flushes pending last-used writes)
     */
    static ApiTokens tokens(DataSource dataSource, Clock clock) {
        return tokens(dataSource, clock, null);
    }

    /**
     * As {@link #tokens(DataSource, Clock)}, with a listener of the token events (the app keeps the source URLs of
     * leak reports, see {@link LeakLog}).
     */
    static ApiTokens tokens(DataSource dataSource, Clock clock, TokenEventListener listener) {
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource).build();
        store.initializeSchema();
        ApiTokens.Builder builder = ApiTokens.builder()
                .store(store)
                .clock(clock)
                .lastUsedWriteInterval(LAST_USED_WRITE_INTERVAL)
                .maxActiveTokensPerOwner(MAX_ACTIVE_TOKENS_PER_USER);
        ExpiryNotices notices = new ExpiryNotices();
        builder.eventListener(listener == null ? notices : event -> {
            notices.onEvent(event);
            listener.onEvent(event);
        });
        return builder.build();
    }

    /**
     * Installs the token filter on {@code /api/*}. The query parameter {@code ?token=} is on for compatibility
     * with Speakr clients, on GET and HEAD only. Speakr also reads it on POST, PUT and DELETE; add
     * {@code .queryParameterAnyMethod(true)} only while clients migrated from Speakr cannot send a header, since
     * the token then sits in the URLs of requests that change data too.
     */
    static void apiFilter(ServletContextHandler context, ApiTokens tokens) {
        ScopeRequirement perResource = request -> {
            ScopeRequirement scope = SCOPE_BY_RESOURCE.get(request.getServletPath());
            return scope == null ? Set.of() : scope.scopesFor(request);
        };
        ApiTokenFilter filter = ApiTokenFilter.builder(tokens)
                .mode(ApiTokenFilter.Mode.OPTIONAL)
                .realm(REALM)
                .allowQueryParameter(true)
                .requiredScopes(perResource)
                .build();
        // Not on the secret-scanning receivers and the public revoke endpoint: they authenticate otherwise.
        FilterHolder holder = new FilterHolder(new PublicApiPaths(filter));
        holder.setName("api-token-filter");
        context.addFilter(holder, "/api/*", EnumSet.of(DispatcherType.REQUEST));
    }
}
