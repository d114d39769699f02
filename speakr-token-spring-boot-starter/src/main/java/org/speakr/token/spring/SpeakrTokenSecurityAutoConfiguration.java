package org.speakr.token.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * With Spring Security: the bean {@value TokenScopes#BEAN_NAME} for {@code @PreAuthorize}, and, when the
 * application defines no {@link SecurityFilterChain}, two chains in place of Spring Boot's default one: one for
 * {@code speakr.token.web.path-patterns} with {@link SpeakrTokens} (every request there must authenticate;
 * {@code speakr.token.web.required-scopes} or {@code path-scopes} apply), and, for every other request, Spring
 * Boot's own default (authenticated, form login and HTTP Basic). Both let error dispatches through, so an
 * answer such as a CSRF 403 reaches the client as it was given rather than as a 401 of the error page.
 */
@AutoConfiguration(after = SpeakrTokenWebAutoConfiguration.class, beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBean(TokenWeb.class)
public class SpeakrTokenSecurityAutoConfiguration {

    /** Created by Spring. */
    public SpeakrTokenSecurityAutoConfiguration() {
    }

    /** @return the scope checks for {@code @PreAuthorize("@speakrScopes.has('x')")} */
    @Bean(TokenScopes.BEAN_NAME)
    @ConditionalOnMissingBean(name = TokenScopes.BEAN_NAME)
    public TokenScopes speakrScopes() {
        return new TokenScopes();
    }

    /** The chains used when the application defines none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnDefaultWebSecurity
    static class DefaultChains {
        @Bean
        @Order(SecurityFilterProperties.BASIC_AUTH_ORDER - 10)
        SecurityFilterChain speakrTokenSecurityFilterChain(HttpSecurity http, TokenWeb web) {
            http.securityMatcher(request -> web.paths().matches(request))
                    .authorizeHttpRequests(requests -> requests
                            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .anyRequest().authenticated())
                    // A token client never goes to a login page: no request is saved for after one (which would
                    // make a session for a 401).
                    .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                    .with(SpeakrTokens.speakrTokens(), withDefaults());
            return http.build();
        }

        @Bean
        @Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
        SecurityFilterChain speakrDefaultSecurityFilterChain(HttpSecurity http) {
            http.authorizeHttpRequests(requests -> requests
                    .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                    .anyRequest().authenticated());
            http.formLogin(withDefaults());
            http.httpBasic(withDefaults());
            return http.build();
        }
    }
}
