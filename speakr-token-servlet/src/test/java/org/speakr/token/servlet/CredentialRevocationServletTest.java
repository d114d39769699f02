package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.testkit.MutableClock;

/** {@link CredentialRevocationServlet} in a real Jetty over a real {@link ApiTokens} and in-memory store. */
class CredentialRevocationServletTest {
    private static final String PATH = "/revoke";

    private final RecordingStore store = new RecordingStore();
    private final MutableClock throttleClock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final ApiTokens tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build();
    private final List<Answer> answers = new ArrayList<>();
    private TestServer server;

    private void start(int requestsPerMinute) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CredentialRevocationServlet(tokens, requestsPerMinute, throttleClock)),
                PATH);
        server = TestServer.start(context);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        tokens.close();
        for (Answer answer : answers) {
            assertThat(answer.status()).isNotEqualTo(500);
            assertThat(answer.body()).doesNotContain("Exception", "\tat ");
        }
    }

    private String newToken(String owner) {
        return tokens.create(owner, "ci", Expiration.never()).token().reveal();
    }

    private boolean valid(String token) {
        return tokens.authenticate(token) instanceof AuthenticationResult.Authenticated;
    }

    private static String request(String... credentials) {
        StringJoiner list = new StringJoiner(", ", "{\"credentials\": [", "]}");
        for (String credential : credentials) {
            list.add("\"" + credential + "\"");
        }
        return list.toString();
    }

    private Answer post(String body) {
        return post("127.0.0.1", body);
    }

    private Answer post(String from, String body) {
        Answer answer = TestHttp.raw(from, server.port(), "POST " + PATH + " HTTP/1.1", body,
                "Content-Type: application/json");
        answers.add(answer);
        return answer;
    }

    @Test
    void postWhenTheCredentialsAreTokensThenExactlyThoseAreRevokedAsLeaked() throws Exception {
        start(100);
        String leaked = newToken("alice");
        String untouched = newToken("alice");

        Answer answer = post(request(leaked));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("{\"status\": \"accepted\"}");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(valid(leaked)).isFalse();
        assertThat(valid(untouched)).isTrue();
        assertThat(tokens.list("alice")).extracting(TokenInfo::revocationReason)
                .containsExactlyInAnyOrder(RevocationReason.LEAKED, null);
        assertThat(answer.all()).doesNotContain(leaked);
    }

    @Test
    void postAnswersTheSameForAValidAnAlreadyRevokedAnUnknownAndAMalformedCredential() throws Exception {
        start(100);
        String valid = newToken("alice");
        String revoked = newToken("bob");
        tokens.revoke("bob", tokens.list("bob").get(0).id());
        String unknown;
        try (ApiTokens elsewhere = ApiTokens.builder().store(new org.speakr.token.core.spi.InMemoryTokenStore())
                .revocationPollInterval(Duration.ZERO).build()) {
            unknown = elsewhere.create("mallory", "x", Expiration.never()).token().reveal();
        }

        List<Answer> seen = List.of(post(request(valid)), post(request(revoked)), post(request(unknown)),
                post(request("hello")), post(request(valid, unknown, "x")));

        for (Answer answer : seen) {
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo(seen.get(0).body());
            assertThat(answer.header("Content-Type")).isEqualTo(seen.get(0).header("Content-Type"));
            assertThat(answer.header("Content-Length")).isEqualTo(seen.get(0).header("Content-Length"));
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(valid(valid)).isFalse();
    }

    @Test
    void postWhenAClientSendsMoreThanItsRequestsPerMinuteThen429UntilTheWindowCloses() throws Exception {
        start(3);
        String leaked = newToken("alice");
        for (int i = 0; i < 3; i++) {
            assertThat(post(request("x" + i)).status()).isEqualTo(202);
        }

        Answer refused = post(request(leaked));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("60");
        assertThat(refused.body()).startsWith("{\"error\": \"too_many_requests\"");
        assertThat(valid(leaked)).isTrue();
        // Another client is not affected; after the window this one may send again.
        assertThat(post("127.0.0.2", request("y")).status()).isEqualTo(202);
        throttleClock.advance(Duration.ofSeconds(61));
        assertThat(post(request(leaked)).status()).isEqualTo(202);
        assertThat(valid(leaked)).isFalse();
    }

    @Test
    void postWhenTheBodyIsOversizedThen413AndWhenNotTheExpectedJsonThen400() throws Exception {
        start(1000);
        String leaked = newToken("alice");
        String big = request(leaked).replace("]}", "]" + " ".repeat(CredentialRevocationServlet.MAX_BODY_BYTES) + "}");
        assertThat(post(big).status()).isEqualTo(413);

        String[] tooMany = new String[CredentialRevocationServlet.MAX_CREDENTIALS + 1];
        java.util.Arrays.fill(tooMany, leaked);
        for (String bad : List.of("", "{", "[\"" + leaked + "\"]", "{\"credentials\": []}", request(tooMany),
                "{\"credentials\": \"" + leaked + "\"}", "{\"credentials\": [1]}", "{\"credential\": [\"" + leaked + "\"]}",
                "{\"credentials\": [\"" + leaked + "\"]} x", "\u00ff\u00fe")) {
            Answer answer = post(bad);
            assertThat(answer.status()).as(bad.length() > 80 ? bad.substring(0, 80) : bad).isEqualTo(400);
            assertThat(answer.body()).startsWith("{\"error\": \"invalid_request\"").doesNotContain(leaked);
        }
        assertThat(valid(leaked)).isTrue();
        String[] hundred = new String[CredentialRevocationServlet.MAX_CREDENTIALS];
        java.util.Arrays.fill(hundred, leaked);
        assertThat(post(request(hundred)).status()).isEqualTo(202);
        assertThat(valid(leaked)).isFalse();
    }

    @Test
    void postWhenTheStoreFailsThen503WithRetryAfter() throws Exception {
        start(100);
        String leaked = newToken("alice");
        store.failLookups(RecordingStore.unavailable());

        Answer answer = post(request(leaked));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        store.failLookups(null);
        assertThat(valid(leaked)).isTrue();
    }

    @Test
    void getIs405AndABadLimitIsRefusedInTheStandardForm() throws Exception {
        start(100);
        assertThat(TestHttp.get(server.uri(PATH)).status()).isEqualTo(405);
        assertThatThrownBy(() -> new CredentialRevocationServlet(tokens, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests-per-minute: expected a positive integer, got '0'");
    }
}
