package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.AllowedNetworks;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The application's own chain with the one-line configurer and the scope helper (in-memory store). */
@SpringBootTest(classes = {TestApp.class, SecurityConfigurerTest.OwnChain.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "speakr.token.store=memory")
class SecurityConfigurerTest {
    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) {
            // Tokens before httpBasic: the first entry point for the token paths is then Bearer's.
            http.with(SpeakrTokens.speakrTokens(), tokens -> tokens.requiredScopes("recordings:read"))
                    .authorizeHttpRequests(requests -> requests
                            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers("/api/recordings").access(TokenScopes.hasScope("recordings:write"))
                            .anyRequest().authenticated())
                    .httpBasic(withDefaults());
            return http.build();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    private String token(String... scopes) {
        return tokens.create("bob", "test", Expiration.never(), Set.of(scopes)).token().reveal();
    }

    @Test
    void theConfigurersScopesAreRequiredOfEveryTokenRequest() {
        Http http = new Http(port);
        HttpResponse<String> lacking = http.get("/api/me", "Authorization", "Bearer " + token("other"));
        assertThat(lacking.statusCode()).isEqualTo(403);
        assertThat(lacking.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error=\"insufficient_scope\"", "scope=\"recordings:read\""));
        assertThat(http.get("/api/me", "Authorization", "Bearer " + token("recordings:read")).body())
                .startsWith("owner=bob");
    }

    @Test
    void theScopeHelperGrantsAFullAccessTokenAndRefusesAMissingScope() {
        Http http = new Http(port);
        assertThat(http.post("/api/recordings", "Authorization", "Bearer " + token()).statusCode()).isEqualTo(200);
        assertThat(http.post("/api/recordings", "Authorization", "Bearer " + token("recordings:read")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aRotatedTokenGets401InvalidTokenAsFromTheFilterAndItsSuccessorIsAuthenticated() {
        Http http = new Http(port);
        CreatedToken original = tokens.create("bob", "rotating", Expiration.never(), Set.of("recordings:read"));
        CreatedToken successor = tokens.rotate("bob", original.info().id(), Duration.ZERO);
        HttpResponse<String> rotated = http.get("/api/me", "Authorization", "Bearer " + original.token().reveal());
        assertThat(rotated.statusCode()).isEqualTo(401);
        assertThat(rotated.headers().allValues("WWW-Authenticate")).containsExactly(
                "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token was rotated\"");
        assertThat(rotated.body()).isEqualTo(
                "{\"error\": \"invalid_token\", \"error_description\": \"The token was rotated\"}");
        assertThat(http.get("/api/me", "Authorization", "Bearer " + successor.token().reveal()).body())
                .startsWith("owner=bob");
    }

    @Test
    void aTokenFromOutsideItsNetworksGets403NetworkNotAllowedAsFromTheFilter() {
        Http http = new Http(port);
        String office = tokens.create("bob", "office", Expiration.never(), Set.of("recordings:read"),
                AllowedNetworks.of(List.of("10.0.0.0/8"))).token().reveal();
        String loopback = tokens.create("bob", "loopback", Expiration.never(), Set.of("recordings:read"),
                AllowedNetworks.of(List.of("127.0.0.1", "::1"))).token().reveal();
        HttpResponse<String> refused = http.get("/api/me", "Authorization", "Bearer " + office);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"api\","
                + " error=\"network_not_allowed\", error_description=\"The token may not be used from this network\"");
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.body()).isEqualTo("{\"error\": \"network_not_allowed\","
                + " \"error_description\": \"The token may not be used from this network\"}");
        assertThat(http.get("/api/me", "Authorization", "Bearer " + loopback).body()).startsWith("owner=bob");
    }

    @Test
    void csrfStaysForBasicRequestsOfTheSameChain() {
        Http http = new Http(port);
        assertThat(http.post("/web/echo", "Authorization", Http.basic("alice", "secret")).statusCode())
                .isEqualTo(403);
        assertThat(http.get("/api/me").headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"api\"");
    }
}
