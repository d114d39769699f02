package org.speakr.token.spring;

import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.TokenEventListener;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.speakr.token.jdbc.JdbcTokenStoreSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The token service: an {@link ApiTokens} on a {@link TokenStore}, each backing off when the application defines
 * its own. The store is a {@link JdbcTokenStore} on the context's {@link DataSource} (its table created at
 * start-up only with {@code speakr.token.jdbc.initialize-schema=true}), or an {@link InMemoryTokenStore} with
 * {@code speakr.token.store=memory}. The service gets the {@code speakr.token.*} core settings through
 * {@link ApiTokens.Builder#apply(java.util.Map)}, every {@link TokenEventListener} bean, and is closed at shutdown
 * (flushing last-use times).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class SpeakrTokenAutoConfiguration {
    /** The values of {@code speakr.token.store}. */
    enum Store {
        JDBC, MEMORY
    }

    /**
     * Checks {@code speakr.token.store}.
     *
     * @param environment the application's environment
     */
    public SpeakrTokenAutoConfiguration(Environment environment) {
        Binder.get(environment).bind(TokenSettings.PREFIX + "." + TokenSettings.STORE, Store.class);
    }

    /**
     * @return the in-memory store, with {@code speakr.token.store=memory}
     */
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(prefix = TokenSettings.PREFIX, name = TokenSettings.STORE, havingValue = "memory")
    public InMemoryTokenStore speakrInMemoryTokenStore() {
        return new InMemoryTokenStore();
    }

    /**
     * @param dataSource the context's data source
     * @param environment the {@code speakr.token.jdbc.*} settings
     * @return the JDBC store, schema initialised when asked for
     */
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(prefix = TokenSettings.PREFIX, name = TokenSettings.STORE, havingValue = "jdbc",
            matchIfMissing = true)
    public JdbcTokenStore speakrJdbcTokenStore(DataSource dataSource, Environment environment) {
        Binder binder = Binder.get(environment);
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource)
                .apply(TokenSettings.read(binder, "jdbc", JdbcTokenStoreSettings.NAMES,
                        Set.of(TokenSettings.JDBC_INITIALIZE_SCHEMA)))
                .build();
        if (binder.bind(TokenSettings.PREFIX + ".jdbc." + TokenSettings.JDBC_INITIALIZE_SCHEMA, Boolean.class)
                .orElse(false)) {
            store.initializeSchema();
        }
        return store;
    }

    /**
     * @param store the token store
     * @param listeners every {@link TokenEventListener} bean, in order
     * @param customizers the starter's own changes (cache statistics for Micrometer), before the properties
     * @param environment the {@code speakr.token.*} core settings
     * @return the running service, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(TokenStore.class)
    public ApiTokens speakrApiTokens(TokenStore store, ObjectProvider<TokenEventListener> listeners,
            ObjectProvider<ApiTokensCustomizer> customizers, Environment environment) {
        ApiTokens.Builder builder = ApiTokens.builder().store(store);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        builder.apply(TokenSettings.read(Binder.get(environment), "", ApiTokenSettings.NAMES,
                Set.of(TokenSettings.STORE, "jdbc", "web")));
        List<TokenEventListener> all = listeners.orderedStream().toList();
        if (all.size() == 1) {
            builder.eventListener(all.get(0));
        } else if (!all.isEmpty()) {
            builder.eventListener(event -> all.forEach(listener -> listener.onEvent(event)));
        }
        return builder.build();
    }
}
