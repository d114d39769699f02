package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Back-off and the path of every property to its builder setter, without a web server. */
class AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    SpeakrTokenAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1");

    @Configuration(proxyBeanMethods = false)
    static class OwnTokens {
        @Bean(destroyMethod = "close")
        ApiTokens myTokens() {
            return ApiTokens.builder().store(new InMemoryTokenStore()).tokenPrefix("own").build();
        }
    }

    @Test
    void theDataSourceGetsAJdbcStoreAndTheCoreSettingsReachTheBuilder() {
        runner.withPropertyValues("speakr.token.cache-ttl=5s", "speakr.token.jdbc.table-name=my_tokens",
                "speakr.token.jdbc.initialize-schema=true").run(context -> {
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
                    assertThat(context.getBean(JdbcTokenStore.class).tableName()).isEqualTo("my_tokens");
                    assertThat(context.getBean(ApiTokens.class).toString()).contains("cache-ttl=5s");
                });
    }

    @Test
    void relaxedNamesReachTheSameSetter() {
        runner.withPropertyValues("speakr.token.tokenPrefix=abc").run(context ->
                assertThat(context.getBean(ApiTokens.class).toString()).contains("token-prefix=abc"));
    }

    @Test
    void inMemoryOnlyWhenAskedFor() {
        runner.withPropertyValues("speakr.token.store=memory").run(context ->
                assertThat(context.getBean(TokenStore.class)).isInstanceOf(InMemoryTokenStore.class));
    }

    @Test
    void anInvalidValueFailsStartUpWithTheBuildersMessage() {
        runner.withPropertyValues("speakr.token.cache-ttl=soon").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("cache-ttl: expected")
                        .hasMessageContaining("got 'soon'"));
    }

    @Test
    void anUnknownNameFailsStartUpWithTheBuildersMessage() {
        runner.withPropertyValues("speakr.token.cache-tll=5s").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("cache-tll: expected one of"));
        runner.withPropertyValues("speakr.token.jdbc.table=x").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("table: expected one of"));
    }

    @Test
    void theApplicationsOwnServiceWins() {
        runner.withUserConfiguration(OwnTokens.class).run(context -> {
            assertThat(context).hasSingleBean(ApiTokens.class);
            assertThat(context.getBean(ApiTokens.class).toString()).contains("token-prefix=own");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingStore {
        static final AtomicInteger LAST_USED_WRITES = new AtomicInteger();

        @Bean
        TokenStore store() {
            return new ForwardingTokenStore(new InMemoryTokenStore()) {
                @Override
                public void updateLastUsed(Map<String, Instant> lastUsedById) {
                    LAST_USED_WRITES.incrementAndGet();
                    super.updateLastUsed(lastUsedById);
                }

                @Override
                public void updateLastUse(Map<String, org.speakr.token.core.spi.LastUse> usesById) {
                    LAST_USED_WRITES.incrementAndGet();
                    super.updateLastUse(usesById);
                }
            };
        }
    }

    @Test
    void theServiceIsClosedWithTheContextAndFlushesLastUse() {
        runner.withUserConfiguration(CountingStore.class).run(context -> {
            ApiTokens tokens = context.getBean(ApiTokens.class);
            String token = tokens.create("alice", "t", Expiration.never()).token().reveal();
            assertThat(tokens.authenticate(token)).isInstanceOf(AuthenticationResult.Authenticated.class);
            int before = CountingStore.LAST_USED_WRITES.get();
            context.close();
            assertThat(CountingStore.LAST_USED_WRITES.get()).isGreaterThan(before);
        });
    }
}
