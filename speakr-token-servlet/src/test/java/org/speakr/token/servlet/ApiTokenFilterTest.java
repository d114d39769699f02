package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.testkit.MutableClock;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * {@link ApiTokenFilter} end to end: every request goes through a real Jetty 12 ee10 server to an
 * {@link EchoServlet}. Paths choose the filter configuration:
 *
 * <ul>
 * <li>{@code /q/} required, query parameter on (the main one)</li>
 * <li>{@code /h/} required, defaults (query parameter off)</li>
 * <li>{@code /opt/} optional, query parameter on</li>
 * <li>{@code /scoped/} required scope {@code recordings:read}, realm {@code recordings}</li>
 * <li>{@code /throttled/} failure limit 3 per minute</li>
 * <li>{@code /down/} a token service whose store is down, failure limit 1</li>
 * <li>{@code /noexp/} expiration header off</li>
 * <li>{@code /paths/} ONE filter with a {@link ScopeRequirement}: {@code /paths/read/} needs {@code recordings:read},
 *     {@code /paths/write/} {@code recordings:write}; failure limit 2</li>
 * <li>{@code /wrapped/} defaults, then another filter that wraps the request and overrides {@code getUserPrincipal()}</li>
 * </ul>
 *
 * The last test checks that no token created here ever reached a log line or the echo servlet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokenFilterTest {
    private static final String JSON = "application/json;charset=UTF-8";
    private static final String NO_TOKEN_CHALLENGE = "Bearer realm=\"api\"";
    private static final String MALFORMED_BEARER = "Bearer token is malformed";
    private static final String INVALID = "The token is invalid";
    private static final String MULTIPLE = "Found multiple tokens in the request";
    private static final int UNLIMITED = 1_000_000;

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private static ApiTokens tokens;
    private static ApiTokens downTokens;
    private static RecordingStore downStore;
    private static TestServer server;

    private static String canary;
    private static TokenInfo canaryInfo;
    private static String scoped;
    private static TokenInfo scopedInfo;
    private static String otherScope;
    private static String never;
    private static TokenInfo neverInfo;
    private static String unknown;

    @BeforeAll
    static void start() throws Exception {
        LogCapture.install();
        tokens = ApiTokens.builder().store(new RecordingStore()).clock(CLOCK).revocationPollInterval(Duration.ZERO).build();
        CreatedToken created = Secrets.create(tokens, "alice", "canary", Expiration.after(Duration.ofDays(30)));
        canary = created.token().reveal();
        canaryInfo = created.info();
        created = Secrets.create(tokens, "bob", "reader", Expiration.after(Duration.ofDays(90)), "recordings:read", "tags:read");
        scoped = created.token().reveal();
        scopedInfo = created.info();
        otherScope = Secrets.create(tokens, "bob", "tags only", Expiration.after(Duration.ofDays(7)), "tags:read").token().reveal();
        created = Secrets.create(tokens, "carol", "cron", Expiration.never());
        never = created.token().reveal();
        neverInfo = created.info();
        try (ApiTokens elsewhere = ApiTokens.builder().store(new InMemoryTokenStore()).revocationPollInterval(Duration.ZERO).build()) {
            unknown = Secrets.create(elsewhere, "mallory", "elsewhere", Expiration.never()).token().reveal();
        }
        downStore = new RecordingStore();
        downStore.failLookups(RecordingStore.unavailable());
        downTokens = ApiTokens.builder().store(downStore).clock(CLOCK).revocationPollInterval(Duration.ZERO).build();

        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "q", ApiTokenFilter.builder(tokens).allowQueryParameter(true)
                .failureLimit(UNLIMITED).clock(CLOCK).build());
        TestServer.filter(context, "h", ApiTokenFilter.builder(tokens).failureLimit(UNLIMITED).build());
        TestServer.filter(context, "opt", ApiTokenFilter.builder(tokens).mode(ApiTokenFilter.Mode.OPTIONAL)
                .allowQueryParameter(true).failureLimit(UNLIMITED).build());
        TestServer.filter(context, "scoped", ApiTokenFilter.builder(tokens).requiredScopes("recordings:read")
                .realm("recordings").failureLimit(UNLIMITED).build());
        TestServer.filter(context, "throttled", ApiTokenFilter.builder(tokens).failureLimit(3)
                .failureWindow(Duration.ofMinutes(1)).clock(CLOCK).build());
        TestServer.filter(context, "down", ApiTokenFilter.builder(downTokens).failureLimit(1).clock(CLOCK).build());
        TestServer.filter(context, "noexp", ApiTokenFilter.builder(tokens).expirationHeader(false)
                .failureLimit(UNLIMITED).build());
        TestServer.filter(context, "paths", ApiTokenFilter.builder(tokens).requiredScopes(PATH_SCOPES)
                .failureLimit(2).failureWindow(Duration.ofMinutes(1)).clock(CLOCK).build());
        TestServer.filter(context, "wrapped", ApiTokenFilter.builder(tokens).failureLimit(UNLIMITED).build());
        context.addFilter(new FilterHolder((request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public java.security.Principal getUserPrincipal() {
                        return new java.security.Principal() {
                            @Override
                            public String getName() {
                                return "framework-user";
                            }

                            @Override
                            public String toString() {
                                return getName();
                            }
                        };
                    }
                }, response)), "/wrapped/*", EnumSet.of(DispatcherType.REQUEST));
        server = TestServer.start(context);
    }

    /** {@code /paths/read/…} needs {@code recordings:read}, {@code /paths/write/…} {@code recordings:write}. */
    private static final Set<String> READ = Set.of("recordings:read");
    private static final Set<String> WRITE = Set.of("recordings:write");
    private static final ScopeRequirement PATH_SCOPES = request ->
            request.getRequestURI().startsWith("/paths/write/") ? WRITE : READ;

    @AfterAll
    static void stop() throws Exception {
        server.close();
        tokens.close();
        downTokens.close();
    }

    private static URI uri(String pathAndQuery) {
        return server.uri(pathAndQuery);
    }

    private static Answer raw(String requestLine, String... headerLines) {
        return TestHttp.raw(server.port(), requestLine, headerLines);
    }

    private static void assertAuthenticated(Answer answer, String owner, TokenInfo info) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body())
                .contains("remoteUser=" + owner + "\n")
                .contains("authType=Bearer\n")
                .contains("principal=" + owner + " " + info.id() + " " + info.name() + " " + info.scopes() + "\n");
    }

    private static void assertError(Answer answer, int status, String challenge, String error, String description) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(status);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo(challenge);
        assertJson(answer);
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.body())
                .isEqualTo("{\"error\": \"" + error + "\", \"error_description\": \"" + description + "\"}");
    }

    /** The charset value is case-insensitive (RFC 9110 §8.3.2); Jetty 12 sends it in lower case. */
    private static void assertJson(Answer answer) {
        assertThat(answer.header("Content-Type")).isEqualToIgnoringCase(JSON);
    }

    private static void assertNoToken(Answer answer) {
        assertError(answer, 401, NO_TOKEN_CHALLENGE, "unauthorized", "An API token is required");
    }

    private static void assertInvalidToken(Answer answer, String description) {
        assertError(answer, 401, "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"" + description + "\"",
                "invalid_token", description);
    }

    private static void assertInvalidRequest(Answer answer, String description) {
        assertError(answer, 400, "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"" + description + "\"",
                "invalid_request", description);
    }

    // 1. Each location authenticates alone.

    @Test
    void bearerHeaderWhenValidThenAuthenticated() {
        Answer answer = TestHttp.get(uri("/q/recordings"), "Authorization", "Bearer " + canary);

        assertAuthenticated(answer, "alice", canaryInfo);
        assertThat(answer.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER)).isEqualTo(canaryInfo.expiresAt().toString());
        assertThat(answer.header("Cache-Control")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization: bearer ", "AUTHORIZATION: BEARER ", "Authorization: bEaReR "})
    void bearerHeaderWhenNameAndSchemeInAnyCaseThenAuthenticated(String prefix) {
        assertAuthenticated(raw("GET /q/recordings HTTP/1.1", prefix + canary), "alice", canaryInfo);
    }

    @Test
    void bearerHeaderWhenSeveralSpacesBeforeTokenThenAuthenticated() {
        assertAuthenticated(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer   " + canary), "alice", canaryInfo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-API-Token", "x-api-token", "X-Api-Token", "API-Token", "api-token", "Api-Token"})
    void tokenHeaderWhenValidThenAuthenticated(String header) {
        assertAuthenticated(raw("GET /q/recordings HTTP/1.1", header + ": " + canary), "alice", canaryInfo);
    }

    @Test
    void queryParameterWhenEnabledAndGetThenAuthenticatedAndPrivate() {
        Answer answer = TestHttp.get(uri("/q/recordings?page=2&token=" + canary));

        assertAuthenticated(answer, "alice", canaryInfo);
        assertThat(answer.header("Cache-Control")).isEqualTo("private");
    }

    @Test
    void queryParameterWhenEnabledAndHeadThenAuthenticatedAndPrivate() {
        Answer answer = TestHttp.send("HEAD", uri("/q/recordings?token=" + canary));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).isEqualTo("private");
        assertThat(answer.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER)).isEqualTo(canaryInfo.expiresAt().toString());
        assertThat(answer.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void queryParameterWhenNotGetOrHeadThenNotAuthenticatedByIt(String method) {
        int calls = EchoServlet.CALLS.get();

        assertNoToken(TestHttp.send(method, uri("/q/recordings?token=" + canary)));
        assertThat(EchoServlet.CALLS.get()).isEqualTo(calls);
    }

    @Test
    void queryParameterWhenDisabledThenNotAuthenticatedByIt() {
        // Spring: resolveWhenQueryParameterIsPresentAndNotSupportedThenTokenIsNotResolved
        assertNoToken(TestHttp.get(uri("/h/recordings?token=" + canary)));
    }

    @Test
    void expirationHeaderWhenTokenNeverExpiresThenAbsent() {
        Answer answer = TestHttp.get(uri("/q/recordings"), "X-API-Token", never);

        assertAuthenticated(answer, "carol", neverInfo);
        assertThat(answer.headers()).doesNotContainKey(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER.toLowerCase());
    }

    @Test
    void expirationHeaderWhenTurnedOffThenAbsent() {
        Answer answer = TestHttp.get(uri("/noexp/recordings"), "X-API-Token", canary);

        assertAuthenticated(answer, "alice", canaryInfo);
        assertThat(answer.headers()).doesNotContainKey(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER.toLowerCase());
    }

    // 2. Spring Security's DefaultBearerTokenResolverTests, as they apply, then the malformed requests.

    @Test
    void bearerHeaderWhenMissingThenNoTokenChallenge() {
        // resolveWhenNoHeaderIsPresentThenTokenIsNotResolved
        assertNoToken(TestHttp.get(uri("/q/recordings")));
    }

    @Test
    void basicHeaderWhenAloneThenNotOurs() {
        // resolveWhenHeaderWithWrongSchemeIsPresentThenTokenIsNotResolved
        String basic = "Basic " + Base64.getEncoder().encodeToString("test:test".getBytes());

        assertNoToken(TestHttp.get(uri("/q/recordings"), "Authorization", basic));
        Answer optional = TestHttp.get(uri("/opt/recordings"), "Authorization", basic);
        assertThat(optional.status()).isEqualTo(200);
        assertThat(optional.body()).contains("remoteUser=null\n", "authType=null\n", "header Authorization: " + basic + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Bearer", "Authorization: Bearer ", "Authorization: bearer   "})
    void bearerHeaderWhenValueMissingThenInvalidToken(String line) {
        // resolveWhenHeaderWithMissingTokenIsPresentThenAuthenticationExceptionIsThrown
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", line), MALFORMED_BEARER);
    }

    @Test
    void bearerHeaderWhenInvalidCharactersThenInvalidToken() {
        // resolveWhenHeaderWithInvalidCharactersIsPresentThenAuthenticationExceptionIsThrown
        assertInvalidToken(TestHttp.get(uri("/q/recordings"), "Authorization", "Bearer an\"invalid\"token"),
                MALFORMED_BEARER);
    }

    @Test
    void bearerHeaderWhenQueryParameterTooThenInvalidRequest() {
        // resolveWhenValidHeaderIsPresentTogetherWithQueryParameterThenAuthenticationExceptionIsThrown
        assertInvalidRequest(TestHttp.get(uri("/q/recordings?token=" + canary), "Authorization", "Bearer " + canary),
                MULTIPLE);
    }

    @Test
    void queryParameterWhenTwiceThenInvalidRequest() {
        // resolveWhenRequestContainsTwoAccessTokenParametersThenAuthenticationExceptionIsThrown
        assertInvalidRequest(TestHttp.get(uri("/q/recordings?token=token1&token=token2")), MULTIPLE);
        assertInvalidRequest(TestHttp.get(uri("/q/recordings?token=" + canary + "&token=" + canary)), MULTIPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token=", "token", "token=%20", "a=1&token=&b=2"})
    void queryParameterWhenEmptyThenInvalidRequest(String query) {
        // The resolver's "The requested token parameter is an empty string"
        assertInvalidRequest(TestHttp.get(uri("/q/recordings?" + query)), "Query parameter 'token' is empty");
    }

    @Test
    void formBodyParameterWhenPostThenNotOurs() {
        // resolveWhenFormParameterIsPresentAndNotSupportedThenTokenIsNotResolved: bodies are never read
        Answer answer = TestHttp.raw("127.0.0.1", server.port(), "POST /q/recordings HTTP/1.1", "token=" + canary,
                "Content-Type: application/x-www-form-urlencoded");

        assertNoToken(answer);
    }

    @Test
    void bearerHeaderWhenPostWithFormBodyThenBodyLeftForTheApplication() {
        Answer answer = TestHttp.raw("127.0.0.1", server.port(), "POST /q/recordings?a=1 HTTP/1.1", "b=2&c=3",
                "Content-Type: application/x-www-form-urlencoded", "Authorization: Bearer " + canary);

        assertAuthenticated(answer, "alice", canaryInfo);
        assertThat(answer.body()).contains("param a=[1]\n", "param b=[2]\n", "param c=[3]\n");
    }

    static Stream<Arguments> everyPairOfLocations() {
        String bearer = "Authorization: Bearer ";
        String xApi = "X-API-Token: ";
        String api = "API-Token: ";
        return Stream.of(
                Arguments.of("", bearer, xApi),
                Arguments.of("", bearer, api),
                Arguments.of("", xApi, api),
                Arguments.of("?token=", bearer, null),
                Arguments.of("?token=", xApi, null),
                Arguments.of("?token=", api, null));
    }

    @ParameterizedTest
    @MethodSource("everyPairOfLocations")
    void tokenWhenInTwoPlacesThenInvalidRequest(String query, String first, String second) {
        String target = "/q/recordings" + (query.isEmpty() ? "" : query + canary);
        Answer answer = second == null
                ? raw("GET " + target + " HTTP/1.1", first + canary)
                : raw("GET " + target + " HTTP/1.1", first + canary, second + canary);

        assertInvalidRequest(answer, MULTIPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Bearer ", "X-API-Token: ", "API-Token: "})
    void headerWhenSentTwiceThenInvalidRequest(String prefix) {
        assertInvalidRequest(raw("GET /q/recordings HTTP/1.1", prefix + canary, prefix + canary), MULTIPLE);
        assertInvalidRequest(raw("GET /q/recordings HTTP/1.1", prefix + canary, prefix.toLowerCase() + unknown), MULTIPLE);
    }

    @Test
    void bearerHeaderWhenTwoCredentialsInOneFieldThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer " + canary + ", Bearer " + canary),
                MALFORMED_BEARER);
    }

    @Test
    void bearerHeaderWhenTabInsteadOfSpaceThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer\t" + canary), MALFORMED_BEARER);
    }

    @Test
    void bearerHeaderWhenNoSpaceAfterSchemeThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer" + canary), MALFORMED_BEARER);
    }

    @Test
    void bearerHeaderWhenTwoSpacesAndNotATokenThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer  x"), INVALID);
    }

    @Test
    void bearerHeaderWhenEqualsInsideValueThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer abc=def"), MALFORMED_BEARER);
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "X-API-Token: abc=def"), "X-API-Token header is malformed");
        assertInvalidToken(TestHttp.get(uri("/q/recordings?token=abc%3Ddef")), "Query parameter 'token' is malformed");
    }

    @Test
    void bearerHeaderWhenTrailingEqualsThenSyntaxAcceptedButTokenInvalid() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer " + canary + "=="), INVALID);
    }

    @Test
    void tokenWhenTenKilobytesThenInvalidToken() {
        String big = "a".repeat(10 * 1024);

        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer " + big), MALFORMED_BEARER);
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "API-Token: " + big), "API-Token header is malformed");
        assertInvalidToken(raw("GET /q/recordings?token=" + big + " HTTP/1.1"), "Query parameter 'token' is malformed");
    }

    @Test
    void tokenWhenNonAsciiThenInvalidToken() {
        String nonAscii = canary.substring(0, 20) + "é漢" + canary.substring(22);

        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer " + nonAscii), MALFORMED_BEARER);
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "X-API-Token: " + nonAscii), "X-API-Token header is malformed");
        assertInvalidToken(TestHttp.get(uri("/q/recordings?token=spk_%C3%A9")), "Query parameter 'token' is malformed");
        assertInvalidToken(TestHttp.get(uri("/q/recordings?token=spk_%FF")), "Query parameter 'token' is malformed");
    }

    @Test
    void headerWhenNulThenRejectedByJettyBeforeTheFilter() {
        int calls = EchoServlet.CALLS.get();
        Answer answer = raw("GET /q/recordings HTTP/1.1", "Authorization: Bearer " + canary + "\0x");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.all()).doesNotContain(canary);
        assertThat(EchoServlet.CALLS.get()).isEqualTo(calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n"})
    void headerWhenLineBreakInsideValueThenBadRequest(String lineBreak) {
        int calls = EchoServlet.CALLS.get();
        Answer answer = raw("GET /q/recordings HTTP/1.1", "X-API-Token: " + canary + lineBreak + "injected");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.all()).doesNotContain(canary);
        assertThat(EchoServlet.CALLS.get()).isEqualTo(calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-API-Token:", "X-API-Token:   ", "API-Token:", "x-api-token: \t "})
    void tokenHeaderWhenEmptyThenInvalidRequest(String line) {
        String header = line.substring(0, line.indexOf(':')).equalsIgnoreCase("API-Token") ? "API-Token" : "X-API-Token";

        assertInvalidRequest(raw("GET /q/recordings HTTP/1.1", line), header + " header is empty");
    }

    @Test
    void tokenHeaderWhenWhitespaceInsideThenInvalidToken() {
        assertInvalidToken(raw("GET /q/recordings HTTP/1.1", "X-API-Token: " + canary + " " + canary),
                "X-API-Token header is malformed");
    }

    @Test
    void basicHeaderWhenBesideTokenHeaderThenTokenHeaderAuthenticates() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes());

        Answer answer = TestHttp.get(uri("/q/recordings"), "Authorization", basic, "X-API-Token", canary);

        assertAuthenticated(answer, "alice", canaryInfo);
        assertThat(answer.body()).doesNotContain(basic);
    }

    @Test
    void queryParameterWhenPercentEncodedNameThenStillCounted() {
        assertInvalidRequest(TestHttp.get(uri("/q/recordings?%74oken=" + canary), "X-API-Token", canary), MULTIPLE);
    }

    // 3. Unknown, expired, revoked, scopes, modes.

    @Test
    void tokenWhenUnknownThenInvalidToken() {
        assertInvalidToken(TestHttp.get(uri("/q/recordings"), "Authorization", "Bearer " + unknown), INVALID);
    }

    @Test
    void tokenWhenChecksumWrongThenInvalidToken() {
        char last = canary.charAt(canary.length() - 1);
        String typo = canary.substring(0, canary.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertInvalidToken(TestHttp.get(uri("/q/recordings"), "Authorization", "Bearer " + typo), INVALID);
    }

    @Test
    void tokenWhenExpiredThenInvalidTokenSayingSo() {
        CreatedToken created = Secrets.create(tokens, "dave", "short", Expiration.at(CLOCK.instant().plus(Duration.ofHours(1))));
        String token = created.token().reveal();
        assertAuthenticated(TestHttp.get(uri("/q/recordings"), "X-API-Token", token), "dave", created.info());

        CLOCK.advance(Duration.ofHours(1));

        assertInvalidToken(TestHttp.get(uri("/q/recordings"), "X-API-Token", token), "The token has expired");
    }

    @Test
    void tokenWhenRevokedThenInvalidTokenSayingSo() {
        CreatedToken created = Secrets.create(tokens, "erin", "to revoke", Expiration.after(Duration.ofDays(7)));
        String token = created.token().reveal();
        assertAuthenticated(TestHttp.get(uri("/q/recordings"), "API-Token", token), "erin", created.info());

        assertThat(tokens.revoke("erin", created.info().id())).isTrue();

        assertInvalidToken(TestHttp.get(uri("/q/recordings"), "API-Token", token), "The token has been revoked");
    }

    @Test
    void tokenWhenLacksRequiredScopeThenInsufficientScope() {
        Answer answer = TestHttp.get(uri("/scoped/recordings"), "Authorization", "Bearer " + otherScope);

        assertError(answer, 403, "Bearer realm=\"recordings\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"recordings:read\"",
                "insufficient_scope", "The token lacks a required scope");
    }

    @Test
    void tokenWhenHasRequiredScopeThenAuthenticated() {
        assertAuthenticated(TestHttp.get(uri("/scoped/recordings"), "Authorization", "Bearer " + scoped), "bob", scopedInfo);
    }

    @Test
    void scopeRequirementWhenTwoPathsThroughOneFilterThenEachPathItsScopes() {
        assertAuthenticated(TestHttp.get(uri("/paths/read/recordings"), "X-API-Token", scoped), "bob", scopedInfo);

        assertError(TestHttp.get(uri("/paths/write/recordings"), "X-API-Token", scoped), 403,
                "Bearer realm=\"api\", error=\"insufficient_scope\", "
                        + "error_description=\"The token lacks a required scope\", scope=\"recordings:write\"",
                "insufficient_scope", "The token lacks a required scope");
        assertError(TestHttp.get(uri("/paths/read/recordings"), "X-API-Token", otherScope), 403,
                "Bearer realm=\"api\", error=\"insufficient_scope\", "
                        + "error_description=\"The token lacks a required scope\", scope=\"recordings:read\"",
                "insufficient_scope", "The token lacks a required scope");
        assertAuthenticated(TestHttp.get(uri("/paths/write/recordings"), "X-API-Token", canary), "alice", canaryInfo);
    }

    @Test
    void scopeRequirementWhenTwoPathsThroughOneFilterThenOneThrottle() {
        int port = server.port();
        assertInvalidToken(TestHttp.raw("127.0.0.5", port, "GET /paths/read/recordings HTTP/1.1", "",
                "X-API-Token: " + unknown), INVALID);
        assertInvalidToken(TestHttp.raw("127.0.0.5", port, "GET /paths/write/recordings HTTP/1.1", "",
                "X-API-Token: " + unknown), INVALID);

        // Tokens this node has not cached yet: judging them would take a store lookup.
        assertThat(TestHttp.raw("127.0.0.5", port, "GET /paths/read/recordings HTTP/1.1", "",
                "X-API-Token: " + uncached()).status()).as("failures on both paths count together").isEqualTo(429);
        assertThat(TestHttp.raw("127.0.0.5", port, "GET /paths/write/recordings HTTP/1.1", "",
                "X-API-Token: " + uncached()).status()).isEqualTo(429);
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(TestHttp.raw("127.0.0.5", port, "GET /paths/write/recordings HTTP/1.1", "",
                "X-API-Token: " + canary).status()).isEqualTo(200);
    }

    @Test
    void principalWhenAnotherWrapperOverridesGetUserPrincipalThenStillFoundByTheAttribute() {
        Answer answer = TestHttp.get(uri("/wrapped/recordings"), "Authorization", "Bearer " + canary);

        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body()).contains("principal=framework-user\n")
                .contains("attributePrincipal=alice " + canaryInfo.id() + "\n");
    }

    @Test
    void principalWhenNotAuthenticatedThenEmpty() {
        Answer answer = TestHttp.get(uri("/opt/recordings"));

        assertThat(answer.body()).contains("attributePrincipal=null\n");
        assertThat(TestHttp.get(uri("/q/recordings"), "X-API-Token", canary).body())
                .contains("attributePrincipal=alice " + canaryInfo.id() + "\n");
    }

    @Test
    void tokenWhenNoScopesThenFullAccess() {
        assertAuthenticated(TestHttp.get(uri("/scoped/recordings"), "Authorization", "Bearer " + canary), "alice", canaryInfo);
    }

    @Test
    void requiredScopeWhenNoTokenThenChallengeWithConfiguredRealm() {
        assertError(TestHttp.get(uri("/scoped/recordings")), 401, "Bearer realm=\"recordings\"", "unauthorized",
                "An API token is required");
    }

    @Test
    void optionalModeWhenNoTokenThenPassesThroughUnauthenticated() {
        Answer answer = TestHttp.get(uri("/opt/recordings?a=1"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("remoteUser=null\n", "authType=null\n", "principal=null\n", "query=a=1\n");
    }

    @Test
    void optionalModeWhenValidTokenThenAuthenticated() {
        assertAuthenticated(TestHttp.get(uri("/opt/recordings"), "X-API-Token", canary), "alice", canaryInfo);
    }

    @Test
    void optionalModeWhenBadTokenThenStillInvalidToken() {
        assertInvalidToken(TestHttp.get(uri("/opt/recordings"), "X-API-Token", unknown), INVALID);
    }

    @Test
    void headWhenErrorThenSameStatusAndHeadersWithoutBody() {
        Answer answer = TestHttp.send("HEAD", uri("/q/recordings"), "X-API-Token", unknown);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is invalid\"");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.body()).isEmpty();
    }

    // 4. Store failure and throttling.

    @Test
    void storeWhenUnavailableThenServiceUnavailableAndChainNotCalled() {
        int calls = EchoServlet.CALLS.get();

        for (int i = 0; i < 3; i++) {
            Answer answer = TestHttp.get(uri("/down/recordings"), "Authorization", "Bearer " + canary);

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(answer.header("WWW-Authenticate")).isNull();
            assertJson(answer);
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.body()).isEqualTo("{\"error\": \"temporarily_unavailable\", "
                    + "\"error_description\": \"The token service is unavailable; retry later\"}");
        }
        assertThat(EchoServlet.CALLS.get()).isEqualTo(calls);
        assertThat(LogCapture.text()).contains("Token service unavailable; answered 503 to GET /down/recordings");
    }

    @Test
    void storeWhenThrowsAnyRuntimeExceptionThenServiceUnavailable() {
        int calls = EchoServlet.CALLS.get();
        downStore.failLookups(new IllegalStateException("connection pool exhausted"));
        try {
            Answer answer = TestHttp.get(uri("/down/recordings"), "X-API-Token", canary);

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(answer.body()).isEqualTo("{\"error\": \"temporarily_unavailable\", "
                    + "\"error_description\": \"The token service is unavailable; retry later\"}");
            assertThat(EchoServlet.CALLS.get()).isEqualTo(calls);
        } finally {
            downStore.failLookups(RecordingStore.unavailable());
        }
    }

    /** A valid token this node has never judged, so not in its cache. */
    private static String uncached() {
        return Secrets.create(tokens, "dave", "fresh", Expiration.never()).token().reveal();
    }

    @Test
    void clientWhenTooManyFailuresThenTooManyRequestsAndOthersUnaffected() {
        int port = server.port();
        String path = "GET /throttled/recordings HTTP/1.1";
        for (int i = 0; i < 3; i++) {
            assertInvalidToken(TestHttp.raw("127.0.0.2", port, path, "", "X-API-Token: " + unknown), INVALID);
        }

        Answer refused = TestHttp.raw("127.0.0.2", port, path, "", "X-API-Token: " + uncached());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("60");
        assertJson(refused);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.body()).isEqualTo("{\"error\": \"too_many_requests\", "
                + "\"error_description\": \"Too many failed authentication attempts; retry later\"}");
        assertThat(TestHttp.raw("127.0.0.3", port, path, "", "X-API-Token: " + canary).status()).isEqualTo(200);
        assertNoToken(TestHttp.raw("127.0.0.2", port, path, ""));

        CLOCK.advance(Duration.ofSeconds(45));
        assertThat(TestHttp.raw("127.0.0.2", port, path, "", "X-API-Token: " + uncached()).header("Retry-After"))
                .isEqualTo("15");
        CLOCK.advance(Duration.ofSeconds(15));
        assertThat(TestHttp.raw("127.0.0.2", port, path, "", "X-API-Token: " + canary).status()).isEqualTo(200);
    }

    @Test
    void noTokenWhenRepeatedThenNotCountedAsFailure() {
        int port = server.port();
        for (int i = 0; i < 5; i++) {
            assertNoToken(TestHttp.raw("127.0.0.4", port, "GET /throttled/recordings HTTP/1.1", ""));
        }

        assertThat(TestHttp.raw("127.0.0.4", port, "GET /throttled/recordings HTTP/1.1", "", "X-API-Token: " + canary)
                .status()).isEqualTo(200);
    }

    // Wiring.

    @Test
    void builderWhenInvalidSettingThenExceptionNamesIt() {
        ApiTokenFilter.Builder builder = ApiTokenFilter.builder(tokens);

        assertThatThrownBy(() -> builder.failureLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure-limit: expected a positive integer, got '0'");
        assertThatThrownBy(() -> builder.realm("a\"b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("realm: ");
        assertThatThrownBy(() -> ApiTokenFilter.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tokens");
    }

    @Test
    void filterWhenBuiltInCodeAndGivenInitParamsThenDeploymentFails() throws Exception {
        ServletContextHandler context = TestServer.context();
        FilterHolder holder = new FilterHolder(ApiTokenFilter.builder(tokens).build());
        holder.setInitParameter(ApiTokenFilterSettings.MODE, "optional");
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        TestServer unstarted = TestServer.create(context);
        try {
            assertThatThrownBy(unstarted::startServer)
                    .hasStackTraceContaining("ApiTokenFilter is configured in code; init-param 'mode' would be ignored");
        } finally {
            unstarted.close();
        }
    }

    @Test
    void filterWhenBuiltInCodeThenToStringShowsSettingsWithoutService() {
        assertThat(ApiTokenFilter.builder(tokens).build().toString())
                .startsWith("ApiTokenFilter[mode=required, realm=api, allow-query-parameter=false, "
                        + "query-parameter=token, query-parameter-any-method=false, required-scopes=none, failure-limit=20, failure-window=1m, "
                        + "expiration-header=true, clock=")
                .doesNotContain("ApiTokens[");
    }

    /** The servlet of the README's code snippet. */
    static final class RecordingsServlet extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
            // README: servlet start
            ApiTokenPrincipal principal = (ApiTokenPrincipal) request.getUserPrincipal();
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("recordings of " + principal.owner() + " via token " + principal.tokenName());
            // README: servlet end
        }
    }

    @Test
    void codeWiringWhenAsInReadmeThenServesTheTokenOwner() throws Exception {
        try (ApiTokens tokens = ApiTokens.builder().store(new InMemoryTokenStore()).revocationPollInterval(Duration.ZERO).build()) {
            String token = Secrets.create(tokens, "alice", "n8n", Expiration.after(Duration.ofDays(90)), "recordings:read")
                    .token().reveal();
            // README: code start
            ApiTokenFilter filter = ApiTokenFilter.builder(tokens)   // the application owns and closes tokens
                    .requiredScopes("recordings:read")
                    .build();
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new RecordingsServlet()), "/api/recordings");
            // README: code end
            try (TestServer readme = TestServer.start(context)) {
                Answer answer = TestHttp.get(readme.uri("/api/recordings"), "Authorization", "Bearer " + token);

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("recordings of alice via token n8n");
                assertThat(TestHttp.get(readme.uri("/api/recordings")).status()).isEqualTo(401);
            }
        }
    }

    /** The README section, before or after the lead merges it into the project README. */
    private static String readme() throws java.io.IOException {
        java.nio.file.Path section = java.nio.file.Path.of("README-section.md");
        return java.nio.file.Files.readString(java.nio.file.Files.exists(section) ? section
                : java.nio.file.Path.of("..", "README.md"))
                + java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "jetty.md"));
    }

    private static String between(String text, String start, String end) {
        String block = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        return block.substring(block.indexOf('\n') + 1, block.lastIndexOf('\n') + 1);
    }

    private static String outdent(String lines, int spaces) {
        return lines.lines().map(line -> line.length() >= spaces ? line.substring(spaces) : line.strip())
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    @Test
    void readmeWhenComparedToCodeThenSameInitParamsAndSnippets() throws Exception {
        String readme = readme();
        String test = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/java/org/speakr/token/servlet/ApiTokenFilterTest.java"));
        String attributeXml = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/webapps/attribute/WEB-INF/web.xml"));

        Set<String> initParams = new java.util.TreeSet<>(ApiTokenFilterSettings.NAMES);
        initParams.add(WebXmlConfiguration.TOKEN_SERVICE_ATTRIBUTE);
        initParams.add(WebXmlConfiguration.TOKEN_SERVICE_FACTORY);
        for (String name : initParams) {
            assertThat(readme).as("init-param table row for " + name).contains("| `" + name + "` |");
        }
        assertThat(readme).contains(outdent(between(test, "// README: code" + " start", "// README: code" + " end"), 12));
        assertThat(readme).contains(outdent(between(test, "// README: servlet" + " start", "// README: servlet" + " end"), 12));
        assertThat(readme).contains(attributeXml.substring(attributeXml.indexOf("  <!-- Puts"),
                attributeXml.indexOf("\n\n  <servlet>") + 1));
        String factoryXml = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/webapps/factory/WEB-INF/web.xml"));
        assertThat(readme).contains(factoryXml.substring(factoryXml.indexOf("  <filter>"),
                factoryXml.indexOf("  </filter>") + "  </filter>\n".length()));
    }

    // 7. The canary: runs last.

    @Test
    @Order(Integer.MAX_VALUE)
    void logsAndApplicationWhenAllCasesRanThenNeverSawAToken() {
        String logs = LogCapture.text();

        assertThat(logs).contains("Rejected a token from 127.0.0.1 on GET /q/recordings: UNKNOWN",
                "Rejected a token from 127.0.0.1 on GET /q/recordings: malformed AUTHORIZATION",
                "Token service unavailable", "Created token");
        assertThat(Secrets.all()).hasSizeGreaterThanOrEqualTo(6).contains(canary);
        assertThat(Secrets.foundIn(logs)).as("token plaintexts in the logs").isEmpty();
        assertThat(EchoServlet.seen()).contains("remoteUser=alice");
        assertThat(Secrets.foundIn(EchoServlet.seen())).as("token plaintexts seen by the application").isEmpty();
    }
}
