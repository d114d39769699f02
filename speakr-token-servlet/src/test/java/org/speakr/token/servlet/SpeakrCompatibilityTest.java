package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.LegacyTokenRecord;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;

/**
 * A token migrated from Speakr (a {@link LegacyTokenRecord}) through the filter: in each of the four locations
 * Speakr reads, and as {@code ?token=} on POST only with the Speakr compatibility option.
 */
class SpeakrCompatibilityTest {
    /** secrets.token_urlsafe(32) shape. */
    private static final String SPEAKR_TOKEN = "n8n-workflow_T0ken-from-Speakr_0123456789ab";

    private static ApiTokens tokens;
    private static TokenRecord migrated;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        InMemoryTokenStore store = new InMemoryTokenStore();
        migrated = LegacyTokenRecord.builder(sha256(SPEAKR_TOKEN), "alice").name("n8n")
                .createdAt(Instant.parse("2025-01-02T03:04:05.123456Z")).build();
        store.insert(migrated);
        tokens = ApiTokens.builder().store(store).acceptLegacyTokens(true).revocationPollInterval(Duration.ZERO).build();

        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "speakr", ApiTokenFilter.builder(tokens).allowQueryParameter(true)
                .queryParameterAnyMethod(true).build());
        TestServer.filter(context, "standard", ApiTokenFilter.builder(tokens).allowQueryParameter(true).build());
        server = TestServer.start(context);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        tokens.close();
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertAlice(Answer answer) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body()).contains("remoteUser=alice\n")
                .contains("principal=alice " + migrated.id() + " n8n []\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "speakr"})
    void migratedTokenWhenInAnyOfTheFourLocationsThenAuthenticatesAsItsOwner(String filter) {
        assertAlice(TestHttp.get(server.uri("/" + filter + "/recordings"), "Authorization", "Bearer " + SPEAKR_TOKEN));
        assertAlice(TestHttp.get(server.uri("/" + filter + "/recordings"), "X-API-Token", SPEAKR_TOKEN));
        assertAlice(TestHttp.get(server.uri("/" + filter + "/recordings"), "API-Token", SPEAKR_TOKEN));
        assertAlice(TestHttp.get(server.uri("/" + filter + "/recordings?token=" + SPEAKR_TOKEN)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void queryParameterWhenAnyMethodIsOnThenEveryMethodAuthenticatesByIt(String method) {
        assertAlice(TestHttp.send(method, server.uri("/speakr/recordings?token=" + SPEAKR_TOKEN)));
    }

    @Test
    void queryParameterWhenAnyMethodIsOffThenPostIsNotAuthenticatedByIt() {
        Answer answer = TestHttp.send("POST", server.uri("/standard/recordings?token=" + SPEAKR_TOKEN));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void queryParameterAnyMethodWhenGivenAsTextThenAppliedAndWithoutTheQueryParameterRefused() {
        assertThat(ApiTokenFilter.builder(tokens).apply(Map.of(ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER, "true",
                ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD, "true")).build().toString())
                .contains("allow-query-parameter=true, query-parameter=token, query-parameter-any-method=true,");
        assertThatThrownBy(() -> ApiTokenFilter.builder(tokens)
                        .apply(Map.of(ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD, "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query-parameter-any-method: expected true or false, got 'yes'");
        assertThatThrownBy(() -> ApiTokenFilter.builder(tokens).queryParameterAnyMethod(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("query-parameter-any-method: expected allow-query-parameter=true as well, got 'true'");
    }
}
