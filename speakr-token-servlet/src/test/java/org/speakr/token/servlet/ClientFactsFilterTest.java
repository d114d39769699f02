package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.AllowedNetworks;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.MutableClock;

/**
 * What the filter passes on about the client and how it answers the lifecycle's refusals, on a real Jetty 12:
 * a rotated token gets 401 {@code invalid_token} "The token was rotated"; a token used from outside its allowed
 * networks gets 403 {@code network_not_allowed}, is not recorded as a use and counts towards the throttle; an
 * accepted use records the client's address and {@code User-Agent}. Paths: {@code /a/} unthrottled,
 * {@code /t/} failure limit 2.
 */
class ClientFactsFilterTest {
    private static final String REALM_CHALLENGE = "Bearer realm=\"api\"";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private static ApiTokens tokens;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        LogCapture.install();
        tokens = ApiTokens.builder().store(new InMemoryTokenStore()).clock(CLOCK)
                .revocationPollInterval(Duration.ZERO).build();
        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "a", ApiTokenFilter.builder(tokens).failureLimit(1_000_000).build());
        TestServer.filter(context, "t", ApiTokenFilter.builder(tokens).failureLimit(2)
                .failureWindow(Duration.ofMinutes(1)).clock(CLOCK).build());
        server = TestServer.start(context);
    }

    @AfterAll
    static void stop() {
        server.close();
        tokens.close();
        assertThat(Secrets.foundIn(LogCapture.text())).as("token plaintexts in the logs").isEmpty();
        assertThat(Secrets.foundIn(EchoServlet.seen())).as("token plaintexts seen by the application").isEmpty();
    }

    private static CreatedToken networkToken(String owner, String... blocks) {
        return Secrets.remember(tokens.create(owner, "ci", Expiration.after(Duration.ofDays(30)), Set.of(),
                AllowedNetworks.of(List.of(blocks))));
    }

    private static Answer get(TestServer on, String path, String token, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return TestHttp.get(on.uri(path), headers);
    }

    private static TokenInfo listed(String owner, String id) {
        return tokens.list(owner).stream().filter(info -> info.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRotatedTokenGets401InvalidTokenSayingItWasRotatedAndItsSuccessorWorks() {
        CreatedToken original = Secrets.create(tokens, "rita", "deploy", Expiration.after(Duration.ofDays(30)));
        assertThat(get(server, "/a/x", original.token().reveal()).status()).isEqualTo(200);
        CreatedToken successor = Secrets.remember(tokens.rotate("rita", original.info().id(), Duration.ZERO));

        Answer refused = get(server, "/a/x", original.token().reveal());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo(REALM_CHALLENGE
                + ", error=\"invalid_token\", error_description=\"The token was rotated\"");
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.body()).isEqualTo(
                "{\"error\": \"invalid_token\", \"error_description\": \"The token was rotated\"}");

        Answer served = get(server, "/a/x", successor.token().reveal());
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).contains("principal=rita " + successor.info().id());
    }

    @Test
    void aNetworkTokenFromInsideItsBlockIsServedWithItsExpirationHeader() {
        CreatedToken loopback = networkToken("nina", "127.0.0.0/8");
        Answer served = get(server, "/a/x", loopback.token().reveal());
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).contains("principal=nina " + loopback.info().id());
        assertThat(served.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER))
                .isEqualTo(loopback.info().expiresAt().toString());
    }

    @Test
    void aNetworkTokenFromOutsideItsBlocksGets403NetworkNotAllowedAndNoUseIsRecorded() {
        CreatedToken office = networkToken("nora", "10.0.0.0/8");
        CreatedToken onlyDotOne = networkToken("nora", "127.0.0.1");

        Answer refused = get(server, "/a/x", office.token().reveal());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo(REALM_CHALLENGE
                + ", error=\"network_not_allowed\", error_description=\"The token may not be used from this network\"");
        assertThat(refused.header("Content-Type")).isEqualToIgnoringCase(BearerTokenError.CONTENT_TYPE);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.body()).isEqualTo("{\"error\": \"network_not_allowed\","
                + " \"error_description\": \"The token may not be used from this network\"}");
        assertThat(refused.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER)).isNull();

        // Every 127/8 address is this host on Linux: the same token, the same server, another client address.
        Answer fromDotTwo = TestHttp.raw("127.0.0.2", server.port(), "GET /a/x HTTP/1.1", "",
                "Authorization: Bearer " + onlyDotOne.token().reveal());
        assertThat(fromDotTwo.status()).isEqualTo(403);
        assertThat(get(server, "/a/x", onlyDotOne.token().reveal()).status()).isEqualTo(200);

        tokens.flushLastUsed();
        assertThat(listed("nora", office.info().id()).lastUsedAt()).as("a refused use is not a use").isNull();
        assertThat(listed("nora", onlyDotOne.info().id()).lastUsedAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void anAcceptedUseRecordsTheClientsAddressAndUserAgent() {
        CreatedToken created = Secrets.create(tokens, "uma", "laptop", Expiration.never());
        Answer served = get(server, "/a/x", created.token().reveal(), "User-Agent", "speakr-cli/2.1 (linux)");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER)).isNull();

        tokens.flushLastUsed();
        TokenInfo info = listed("uma", created.info().id());
        assertThat(info.lastUsedAt()).isEqualTo(CLOCK.instant());
        assertThat(info.lastUsedAddress()).isEqualTo("127.0.0.1");
        assertThat(info.lastUsedUserAgent()).isEqualTo("speakr-cli/2.1 (linux)");
    }

    @Test
    void networkRefusalsCountTowardsTheFailureLimit() {
        CreatedToken office = networkToken("otto", "192.0.2.0/24");
        CreatedToken plain = Secrets.create(tokens, "otto", "plain", Expiration.never());
        // Cached as valid before the client reaches the limit: it keeps working while the client is throttled.
        assertThat(TestHttp.raw("127.0.0.3", server.port(), "GET /t/x HTTP/1.1", "",
                "Authorization: Bearer " + plain.token().reveal()).status()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(TestHttp.raw("127.0.0.3", server.port(), "GET /t/x HTTP/1.1", "",
                    "Authorization: Bearer " + office.token().reveal()).status()).isEqualTo(403);
        }
        Answer throttled = TestHttp.raw("127.0.0.3", server.port(), "GET /t/x HTTP/1.1", "",
                "Authorization: Bearer " + office.token().reveal());
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(TestHttp.raw("127.0.0.3", server.port(), "GET /t/x HTTP/1.1", "",
                "Authorization: Bearer " + plain.token().reveal()).status()).isEqualTo(200);
        // Another client is not affected.
        assertThat(TestHttp.raw("127.0.0.4", server.port(), "GET /t/x HTTP/1.1", "",
                "Authorization: Bearer " + office.token().reveal()).status()).isEqualTo(403);
    }

    @Test
    void onIpv6LoopbackANetworkTokenIsJudgedByTheIpv6Address() throws Exception {
        TestServer v6;
        try {
            v6 = TestServer.start(ipv6Context(), "::1");
        } catch (Exception e) {
            System.err.println("SKIPPED: ClientFactsFilterTest IPv6 case: cannot listen on [::1]: " + e);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "cannot listen on [::1]: " + e);
            return;
        }
        try (v6) {
            CreatedToken ipv6Loopback = networkToken("ivy", "::1/128");
            CreatedToken ipv4Loopback = networkToken("ivy", "127.0.0.0/8");
            CreatedToken documentation = networkToken("ivy", "2001:db8::/32");
            Answer served = get(v6, "/a/x", ipv6Loopback.token().reveal(), "User-Agent", "v6-client");
            assertThat(served.status()).isEqualTo(200);
            assertThat(get(v6, "/a/x", ipv4Loopback.token().reveal()).status()).isEqualTo(403);
            assertThat(get(v6, "/a/x", documentation.token().reveal()).status()).isEqualTo(403);

            tokens.flushLastUsed();
            TokenInfo info = listed("ivy", ipv6Loopback.info().id());
            // Recorded as the container reports it: Jetty 12 brackets IPv6 addresses (the network check reads both).
            assertThat(info.lastUsedAddress()).isEqualTo("[0:0:0:0:0:0:0:1]");
            assertThat(info.lastUsedUserAgent()).isEqualTo("v6-client");
        }
    }

    private static ServletContextHandler ipv6Context() {
        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "a", ApiTokenFilter.builder(tokens).failureLimit(1_000_000).build());
        return context;
    }
}
