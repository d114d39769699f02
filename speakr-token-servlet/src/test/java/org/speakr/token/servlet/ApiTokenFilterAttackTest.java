package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.testkit.MutableClock;

/**
 * What the second outside attack found in the filter, each fixed and held here on a real Jetty server:
 * {@code /api/} required, failure limit 3, query parameter on; {@code /scoped/} requires {@code recordings:read}.
 */
class ApiTokenFilterAttackTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private static final List<TokenEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static RecordingStore store;
    private static ApiTokens tokens;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        LogCapture.install();
        store = new RecordingStore();
        tokens = ApiTokens.builder().store(store).clock(CLOCK).revocationPollInterval(Duration.ZERO)
                .lastUsedWriteInterval(Duration.ofHours(1)).eventListener(EVENTS::add).build();
        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "api", ApiTokenFilter.builder(tokens).allowQueryParameter(true).failureLimit(3)
                .failureWindow(Duration.ofMinutes(1)).clock(CLOCK).build());
        TestServer.filter(context, "scoped", ApiTokenFilter.builder(tokens).requiredScopes("recordings:read").build());
        server = TestServer.start(context);
    }

    @AfterAll
    static void stop() {
        server.close();
        tokens.close();
    }

    private static String token(String owner, String... scopes) {
        return Secrets.create(tokens, owner, "t", Expiration.never(), scopes).token().reveal();
    }

    @Test
    @DisplayName("issue 12 item 2: a throttled address keeps its cached valid tokens; only store lookups get 429")
    void throttledClientWhenTokenAlreadyCachedThenItPassesWithoutAStoreCallAndUncachedOnesGet429() {
        int port = server.port();
        String known = token("alice");
        String path = "GET /api/recordings HTTP/1.1";
        assertThat(TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: " + known).status()).isEqualTo(200);
        String unknown = "spk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg05iaDm";
        for (int i = 0; i < 3; i++) {
            assertThat(TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: " + unknown).status()).isEqualTo(401);
        }
        int lookups = store.lookups.get();

        Answer shared = TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: " + known);
        Answer uncached = TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: " + token("bob"));

        assertThat(shared.status()).as("a token this node knows is valid").isEqualTo(200);
        assertThat(shared.body()).contains("remoteUser=alice");
        assertThat(uncached.status()).isEqualTo(429);
        assertThat(uncached.header("Retry-After")).isEqualTo("60");
        assertThat(TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: " + unknown).status())
                .as("known unknown: still throttled").isEqualTo(429);
        assertThat(TestHttp.raw("127.0.0.9", port, path, "", "X-API-Token: spk_bad").status()).isEqualTo(429);
        assertThat(store.lookups.get()).as("no store call for a throttled client").isEqualTo(lookups);
    }

    @Test
    @DisplayName("issue 12 item 14: a 403 for a missing scope is not a use: no last-used, no succeeded event")
    void missingScopeThen403AndNoLastUsedWriteNoSucceededEvent() {
        CreatedToken tagsOnly = Secrets.create(tokens, "carol", "tags", Expiration.never(), "tags:read");
        EVENTS.clear();

        Answer answer = TestHttp.get(server.uri("/scoped/recordings"), "X-API-Token", tagsOnly.token().reveal());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"recordings:read\"");
        assertThat(EVENTS).noneMatch(TokenEvent.AuthenticationSucceeded.class::isInstance);
        tokens.flushLastUsed();
        assertThat(store.lastUsedWrites()).doesNotContainKey(tagsOnly.info().id());
    }

    @Test
    @DisplayName("issue 12 item 8: %-escapes of non-ASCII digits do not spell the token parameter")
    void queryParameterNameWithNonAsciiHexDigitsThenNotTheTokenParameter() {
        String token = token("dave");
        int port = server.port();
        // %٧٤ (Arabic-Indic 7 and 4) and %７４ (fullwidth): Character.digit takes both for 0x74, 't'.
        for (String name : List.of("%\u0667\u0664oken", "%\uFF17\uFF14oken")) {
            Answer answer = TestHttp.raw(port, "GET /api/recordings?" + name + "=" + token + " HTTP/1.1");
            assertThat(answer.status()).as(name).isIn(400, 401);
            assertThat(answer.body()).doesNotContain("remoteUser=dave");
        }
        assertThat(TestHttp.raw(port, "GET /api/recordings?%74oken=" + token + " HTTP/1.1").body())
                .contains("remoteUser=dave");
    }

    @Test
    @DisplayName("issue 12 item 9: a bad %-escape in an authenticated query is a 400 JSON, no 500, no stack")
    void authenticatedRequestWithAMalformedQueryThen400JsonAndAtMostOneShortLogLine() {
        String token = token("erin");
        int before = LogCapture.count();

        Answer answer = TestHttp.raw(server.port(), "GET /api/recordings?page=%zz HTTP/1.1", "X-API-Token: " + token);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(answer.body()).isEqualTo("{\"error\": \"invalid_request\", \"error_description\": \""
                + ApiTokenFilter.MALFORMED_QUERY + "\"}");
        List<String> logged = LogCapture.since(before);
        assertThat(logged).hasSizeLessThanOrEqualTo(1).allSatisfy(line -> assertThat(line).doesNotContain("\n")
                .hasSizeLessThan(200));
        assertThat(TestHttp.raw(server.port(), "GET /api/recordings?page=%C3%A9&q=a+b HTTP/1.1",
                "X-API-Token: " + token).status()).isEqualTo(200);
        assertThat(TestHttp.raw(server.port(), "GET /api/recordings?page=%FF HTTP/1.1",
                "X-API-Token: " + token).status()).as("not UTF-8").isEqualTo(400);
    }
}
