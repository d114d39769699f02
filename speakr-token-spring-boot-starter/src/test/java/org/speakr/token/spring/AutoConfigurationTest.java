package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.TokenEventListener;
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

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void cacheStatisticsAreRecordedWhenAMeterRegistryIsPresentUnlessTurnedOff() {
        ApplicationContextRunner observed = runner.withPropertyValues("speakr.token.store=memory")
                .withConfiguration(AutoConfigurations.of(SpeakrTokenObservabilityAutoConfiguration.class));
        observed.run(context ->
                assertThat(context.getBean(ApiTokens.class).cacheStatistics().recording()).isFalse());
        observed.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context.getBean(ApiTokens.class).cacheStatistics().recording()).isTrue();
            assertThat(context.getBean(MeterRegistry.class).find(CacheMetrics.SIZE).gauge()).isNotNull();
        });
        observed.withUserConfiguration(Registry.class).withPropertyValues("speakr.token.record-cache-statistics=false")
                .run(context -> assertThat(context.getBean(ApiTokens.class).cacheStatistics().recording()).isFalse());
        observed.withPropertyValues("speakr.token.record-cache-statistics=true").run(context ->
                assertThat(context.getBean(ApiTokens.class).cacheStatistics().recording()).isTrue());
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
    void theLifecycleSettingsReachTheBuilder() {
        runner.withPropertyValues("speakr.token.store=memory", "speakr.token.rotated-token-reuse=revoke-family",
                "speakr.token.expiry-notice-thresholds=14d,2d", "speakr.token.unused-token-idle-time=90d",
                "speakr.token.purge-retention=365d", "speakr.token.maintenance-interval=5m").run(context ->
                    assertThat(context.getBean(ApiTokens.class).toString()).contains("rotated-token-reuse=revoke-family",
                            "expiry-notice-thresholds=14d,2d", "unused-token-idle-time=90d", "purge-retention=365d",
                            "maintenance-interval=5m"));
        runner.withPropertyValues("speakr.token.store=memory", "speakr.token.rotatedTokenReuse=REVOKE-FAMILY",
                "SPEAKR_TOKEN_MAINTENANCEINTERVAL=1m").run(context ->
                    assertThat(context.getBean(ApiTokens.class).toString())
                            .contains("rotated-token-reuse=revoke-family"));
        runner.withPropertyValues("speakr.token.store=memory").run(context ->
                assertThat(context.getBean(ApiTokens.class).toString()).contains("rotated-token-reuse=reject",
                        "expiry-notice-thresholds=7d,1d", "unused-token-idle-time=off", "purge-retention=off",
                        "maintenance-interval=10m"));
    }

    @Test
    void aBadLifecycleSettingFailsStartUpWithTheBuildersMessage() {
        runner.withPropertyValues("speakr.token.rotated-token-reuse=sometimes").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessage("rotated-token-reuse: expected reject or revoke-family, got 'sometimes'"));
        runner.withPropertyValues("speakr.token.expiry-notice-thresholds=7d;1d").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("expiry-notice-thresholds: expected").hasMessageEndingWith("got '7d;1d'"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Notices {
        static final List<TokenEvent.ExpiringSoon> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        TokenEventListener notices() {
            return event -> {
                if (event instanceof TokenEvent.ExpiringSoon soon) {
                    SEEN.add(soon);
                }
            };
        }
    }

    @Test
    void theExpiryNoticeThresholdsPropertyDecidesWhenTheListenerBeanHearsOfAnExpiringToken() {
        runner.withUserConfiguration(Notices.class).withPropertyValues("speakr.token.store=memory",
                "speakr.token.expiry-notice-thresholds=3d").run(context -> {
                    ApiTokens tokens = context.getBean(ApiTokens.class);
                    // Created just outside the 3-day threshold (one created inside it gets no notice for it), so it
                    // enters the threshold a moment later; the sweep is run until it has, well within 30 s.
                    String soon = tokens.create("alice", "soon",
                            Expiration.after(Duration.ofDays(3).plusMillis(200)), Set.of()).info().id();
                    tokens.create("alice", "later", Expiration.after(Duration.ofDays(5)), Set.of());
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (Notices.SEEN.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                        tokens.runMaintenance();
                    }
                    assertThat(Notices.SEEN).extracting(TokenEvent.ExpiringSoon::tokenId, TokenEvent.ExpiringSoon::threshold)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(soon, Duration.ofDays(3)));
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
