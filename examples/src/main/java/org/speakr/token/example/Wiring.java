package org.speakr.token.example;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.InMemoryTokenStore;

/** The one place where the token library is wired in: the token store, the service, and the filters. */
final class Wiring {
    /** How often last-used instants are written behind; short, so the demo page shows them soon. */
    static final Duration LAST_USED_WRITE_INTERVAL = Duration.ofSeconds(10);

    private Wiring() {
    }

    /**
     * @param dataSource the app's database, which also holds the tokens
     * @return the running token service; the caller closes it (that flushes pending last-used writes)
     */
    static ApiTokens tokens(DataSource dataSource) {
        return ApiTokens.builder()
                .store(new InMemoryTokenStore())
                .lastUsedWriteInterval(LAST_USED_WRITE_INTERVAL)
                .build();
    }

    /** Installs token authentication, then session-or-token authorization, on {@code /api/*}. */
    static void apiFilters(ServletContextHandler context, ApiTokens tokens, Repository repository) {
        context.addFilter(new FilterHolder(new InterimTokenFilter(tokens)), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ApiAuthFilter(repository)), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
    }
}
