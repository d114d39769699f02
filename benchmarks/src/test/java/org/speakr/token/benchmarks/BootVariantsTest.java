package org.speakr.token.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.springframework.context.ConfigurableApplicationContext;

/** The harness of BootLoadComparison: the three applications start on Tomcat and answer as the comparison needs. */
class BootVariantsTest {
    private static final List<ConfigurableApplicationContext> APPLICATIONS = new ArrayList<>();
    private static ApiTokens tokens;
    private static String token;

    @BeforeAll
    static void start() {
        tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build();
        token = tokens.create("alice", "test", Expiration.never(), Set.of("recordings:read")).token().reveal();
        for (BootVariants.Variant variant : BootVariants.Variant.values()) {
            APPLICATIONS.add(BootVariants.start(variant, tokens));
        }
    }

    @AfterAll
    static void stop() {
        APPLICATIONS.forEach(ConfigurableApplicationContext::close);
        tokens.close();
    }

    private static URI uri(BootVariants.Variant variant) {
        return BootVariants.uri(APPLICATIONS.get(variant.ordinal()));
    }

    @Test
    void everyVariantWhenTokenSentThenAnswersTheRecordings() throws Exception {
        for (BootVariants.Variant variant : BootVariants.Variant.values()) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(variant))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(variant.label()).isEqualTo(200);
            assertThat(answer.body()).as(variant.label()).isEqualTo(
                    "[{\"id\":1,\"title\":\"Standup\",\"durationSeconds\":912},"
                            + "{\"id\":2,\"title\":\"Planning\",\"durationSeconds\":2710}]");
        }
    }

    @Test
    void tokenVariantsWhenNoOrUnknownTokenThen401() throws Exception {
        String unknown = "Bearer " + BenchTokens.tokens(1, 12345)[0];
        for (BootVariants.Variant variant : List.of(BootVariants.Variant.STARTER,
                BootVariants.Variant.OPAQUE_TOKEN)) {
            assertThat(BootVariants.status(uri(variant), null)).as(variant.label()).isEqualTo(401);
            assertThat(BootVariants.status(uri(variant), unknown)).as(variant.label()).isEqualTo(401);
        }
    }

    @Test
    void permitAllWhenNoTokenThen200() throws Exception {
        assertThat(BootVariants.status(uri(BootVariants.Variant.PERMIT_ALL), null)).isEqualTo(200);
    }

    @Test
    void opaqueTokenIntrospectorWhenValidThenOwnerAndScopeAuthorities() {
        var principal = BootVariants.introspector(tokens).introspect(token);
        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.getAuthorities()).extracting(Object::toString).containsExactly("SCOPE_recordings:read");
    }
}
