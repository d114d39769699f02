package org.speakr.token.example;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.speakr.token.servlet.ApiTokenFilter;

/**
 * The one place where the token library is wired in: tokens live in the app's own database
 * ({@link JdbcTokenStore}, table {@code speakr_api_tokens}), and {@code /api/*} runs {@link ApiTokenFilter} in
 * optional mode (a request without a token may still have a login session), then {@link ApiAuthFilter}.
 */
final class Wiring {
    /** How often last-used instants are written behind; short, so the demo page shows them soon. */
    static final Duration LAST_USED_WRITE_INTERVAL = Duration.ofSeconds(10);

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
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource).build();
        store.initializeSchema();
        return ApiTokens.builder()
                .store(store)
                .clock(clock)
                .lastUsedWriteInterval(LAST_USED_WRITE_INTERVAL)
                .build();
    }

    /**
     * Installs, on {@code /api/*}, the library's token filter and then the session-or-token check with the
     * per-path scopes. The query parameter {@code ?token=} is on for compatibility with Speakr clients.
     */
    static void apiFilters(ServletContextHandler context, ApiTokens tokens, Repository repository) {
        ApiTokenFilter filter = ApiTokenFilter.builder(tokens)
                .mode(ApiTokenFilter.Mode.OPTIONAL)
                .realm(ApiAuthFilter.REALM)
                .allowQueryParameter(true)
                .build();
        context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ApiAuthFilter(repository)), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
    }
}
