package org.speakr.token.benchmarks;

import static org.springframework.security.config.Customizer.withDefaults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The applications of {@link BootLoadComparison}: one Spring Boot application per variant, on embedded Tomcat
 * (127.0.0.1, an ephemeral port), with the same controller, {@code GET /api/recordings} answering a fixed list of
 * two recordings as JSON, and Spring Security's default {@code HttpSecurity} in all three:
 * <ul>
 * <li>{@link Variant#PERMIT_ALL}: a chain with {@code anyRequest().permitAll()}, no token check;</li>
 * <li>{@link Variant#STARTER}: no chain of the application's: the starter's default chains
 *     ({@code SpeakrTokens} on {@code /api/**}, authenticated);</li>
 * <li>{@link Variant#OPAQUE_TOKEN}: what an application writes without the starter: Spring Security's OAuth2
 *     resource server for opaque tokens, {@code anyRequest().authenticated()}, with an
 *     {@link OpaqueTokenIntrospector} bean that asks the same {@link ApiTokens} ({@link #introspector}); the
 *     starter's web integration is off ({@code speakr.token.web.enabled=false}).</li>
 * </ul>
 * Every application gets the caller's {@link ApiTokens} as a bean, so one token is valid in all of them.
 */
public final class BootVariants {
    /** The endpoint's path. */
    public static final String PATH = "/api/recordings";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private BootVariants() {
    }

    /** The three applications. */
    public enum Variant {
        /** (a) Spring Security, {@code permitAll}. */
        PERMIT_ALL("a", PermitAllApp.class),
        /** (b) the starter's default chain. */
        STARTER("b", StarterApp.class),
        /** (c) Spring Security's opaque-token resource server over the same {@link ApiTokens}. */
        OPAQUE_TOKEN("c", OpaqueTokenApp.class);

        private final String label;
        private final Class<?> application;

        Variant(String label, Class<?> application) {
            this.label = label;
            this.application = application;
        }

        /** @return the variant's short name in reports: {@code a}, {@code b} or {@code c} */
        public String label() {
            return label;
        }
    }

    /** One recording of the endpoint's answer. */
    public record Recording(long id, String title, int durationSeconds) {
    }

    /** The endpoint, the same in every variant. */
    @RestController
    static class Recordings {
        private static final List<Recording> RECORDINGS =
                List.of(new Recording(1, "Standup", 912), new Recording(2, "Planning", 2710));

        @GetMapping(PATH)
        List<Recording> recordings() {
            return RECORDINGS;
        }
    }

    /** (a) */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Recordings.class)
    static class PermitAllApp {
        @Bean
        SecurityFilterChain permitAll(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }

    /** (b): the starter's auto-configuration only. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Recordings.class)
    static class StarterApp {
    }

    /** (c) */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Recordings.class)
    static class OpaqueTokenApp {
        @Bean
        OpaqueTokenIntrospector introspector(ApiTokens tokens) {
            return BootVariants.introspector(tokens);
        }

        @Bean
        SecurityFilterChain resourceServer(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .oauth2ResourceServer(server -> server.opaqueToken(withDefaults()))
                    .build();
        }
    }

    /**
     * The introspector of (c), as an application would write it: {@code tokens.authenticate(token)}, and for a
     * valid token a principal named by the owner with the authorities {@code SCOPE_<scope>}.
     *
     * @param tokens the token service
     * @return the introspector
     */
    public static OpaqueTokenIntrospector introspector(ApiTokens tokens) {
        return token -> {
            if (tokens.authenticate(token) instanceof AuthenticationResult.Authenticated authenticated) {
                ApiTokenPrincipal principal = authenticated.principal();
                List<GrantedAuthority> authorities = principal.scopes().stream()
                        .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope))
                        .toList();
                return new DefaultOAuth2AuthenticatedPrincipal(principal.owner(),
                        Map.of("sub", principal.owner(), "scope", List.copyOf(principal.scopes())), authorities);
            }
            throw new BadOpaqueTokenException("Provided token isn't active");
        };
    }

    /**
     * Starts one application.
     *
     * @param variant which
     * @param tokens the token service, registered in the application as a bean
     * @return the running application; the caller closes it (the service stays the caller's)
     */
    public static ConfigurableApplicationContext start(Variant variant, ApiTokens tokens) {
        return new SpringApplicationBuilder(variant.application)
                .properties(Map.of(
                        "server.port", "0",
                        "server.address", "127.0.0.1",
                        "spring.main.banner-mode", "off",
                        "spring.main.log-startup-info", "false",
                        "spring.jmx.enabled", "false",
                        // a fixed password: Boot does not log a generated one
                        "spring.security.user.password", "unused",
                        "speakr.token.web.enabled", String.valueOf(variant != Variant.OPAQUE_TOKEN)))
                .initializers(context -> context.getBeanFactory().registerSingleton("apiTokens", tokens))
                .registerShutdownHook(false)
                .run();
    }

    /** @return the endpoint's URI in {@code application} */
    public static URI uri(ConfigurableApplicationContext application) {
        return URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port")
                + PATH);
    }

    /**
     * @param uri the endpoint
     * @param authorization the {@code Authorization} header, or {@code null} for none
     * @return the answer's status
     */
    public static int status(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
