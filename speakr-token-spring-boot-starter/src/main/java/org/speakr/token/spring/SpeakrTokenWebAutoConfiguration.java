package org.speakr.token.spring;

import jakarta.servlet.Filter;
import org.speakr.token.core.ApiTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Token authentication in a servlet web application, with the {@code speakr.token.web.*} settings. Without
 * Spring Security on the class path the library's filter is registered on {@code speakr.token.web.path-patterns}
 * (default {@code /api/**}) in the configured mode; with it, see {@link SpeakrTokenSecurityAutoConfiguration}.
 * Off with {@code speakr.token.web.enabled=false}.
 */
@AutoConfiguration(after = {SpeakrTokenAutoConfiguration.class, SpeakrTokenObservabilityAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ApiTokens.class)
@ConditionalOnProperty(prefix = TokenSettings.PREFIX + ".web", name = TokenSettings.WEB_ENABLED,
        havingValue = "true", matchIfMissing = true)
public class SpeakrTokenWebAutoConfiguration {
    /** The name of the filter registration bean, and of the filter in the servlet context. */
    public static final String FILTER_NAME = "speakrTokenFilter";

    /** Created by Spring. */
    public SpeakrTokenWebAutoConfiguration() {
    }

    @Bean
    TokenWeb speakrTokenWeb(ApiTokens tokens, Environment environment,
            ObjectProvider<AuthenticationObserver> observer) {
        return new TokenWeb(tokens, Binder.get(environment), observer.getIfAvailable(() -> AuthenticationObserver.NONE));
    }

    /** The filter registration, when Spring Security is absent. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
    static class ServletFilterConfiguration {
        @Bean(FILTER_NAME)
        @ConditionalOnMissingBean(name = FILTER_NAME)
        FilterRegistrationBean<Filter> speakrTokenFilter(TokenWeb web) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(web.servletFilter());
            registration.setName(FILTER_NAME);
            registration.addUrlPatterns("/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
            return registration;
        }
    }
}
