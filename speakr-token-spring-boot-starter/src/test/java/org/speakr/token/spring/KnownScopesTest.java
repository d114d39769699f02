package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import jakarta.servlet.DispatcherType;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code speakr.token.web.known-scopes}: a full-access token passes Spring's own {@code hasAuthority("SCOPE_x")}
 * for the listed scopes, in {@code authorizeHttpRequests} and in {@code @PreAuthorize}, and only for those.
 */
@SpringBootTest(classes = {TestApp.class, KnownScopesTest.AuthorityChain.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"speakr.token.store=memory", "speakr.token.web.known-scopes=recordings:write, recordings:read"})
class KnownScopesTest {
    @Configuration(proxyBeanMethods = false)
    static class AuthorityChain {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) {
            http.with(SpeakrTokens.speakrTokens(), withDefaults())
                    .authorizeHttpRequests(requests -> requests
                            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(HttpMethod.GET, "/api/me").hasAuthority("SCOPE_recordings:read")
                            .requestMatchers(HttpMethod.POST, "/api/recordings").hasAuthority("SCOPE_recordings:write")
                            .anyRequest().authenticated());
            return http.build();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    TokenWeb web;

    private String bearer(String... scopes) {
        return "Bearer " + tokens.create("bob", "test", Expiration.never(), Set.of(scopes)).token().reveal();
    }

    @Test
    void aFullAccessTokenPassesHasAuthorityForEveryListedScope() {
        Http http = new Http(port);
        String fullAccess = bearer();
        assertThat(http.get("/api/me", "Authorization", fullAccess).statusCode()).isEqualTo(200);
        assertThat(http.post("/api/recordings", "Authorization", fullAccess).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/reports", "Authorization", fullAccess).body()).isEqualTo("reports");
    }

    @Test
    void aFullAccessTokenFailsHasAuthorityForAScopeNotListed() {
        Http http = new Http(port);
        assertThat(http.get("/api/settings", "Authorization", bearer()).statusCode()).isEqualTo(403);
        // the starter's own helper still grants a full-access token every scope
        assertThat(http.get("/api/admin", "Authorization", bearer()).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopedTokenHasItsOwnAuthoritiesOnlyNotTheListedOnes() {
        Http http = new Http(port);
        String readOnly = bearer("recordings:read");
        assertThat(http.get("/api/me", "Authorization", readOnly).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/reports", "Authorization", readOnly).statusCode()).isEqualTo(200);
        assertThat(http.post("/api/recordings", "Authorization", readOnly).statusCode()).isEqualTo(403);
        String other = bearer("other");
        assertThat(http.get("/api/me", "Authorization", other).statusCode()).isEqualTo(403);
        assertThat(http.get("/api/reports", "Authorization", other).statusCode()).isEqualTo(403);
    }

    @Test
    void theListIsTrimmedAndSorted() {
        assertThat(web.knownScopes()).containsExactly("recordings:read", "recordings:write");
    }

    @Test
    void anInvalidScopeFailsStartUpNamingTheProperty() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SpeakrTokenAutoConfiguration.class,
                        SpeakrTokenWebAutoConfiguration.class))
                .withPropertyValues("speakr.token.store=memory", "speakr.token.web.known-scopes=read,bad\"scope")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("speakr.token.web.known-scopes: expected ")
                        .hasMessageEndingWith("got 'bad\"scope'"));
    }
}
