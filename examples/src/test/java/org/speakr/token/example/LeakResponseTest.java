package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.core.LeakOutcome;
import org.speakr.token.core.LeakReport;
import org.speakr.token.testkit.MutableClock;

/**
 * End-to-end on a real server: the caller's own token ({@code GET /api/tokens/self}), the trufflehog verifier,
 * and what an owner sees of a token revoked because it was found published ({@code GET /api/tokens/leaks} and the
 * token list the page renders).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakResponseTest {
    @TempDir
    static Path dataDir;

    ExampleServer server;

    @BeforeAll
    void start() throws Exception {
        server = ExampleServer.start(Options.parse("--port", "0", "--data-dir", dataDir.toString()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    TestHttp anonymous() {
        return new TestHttp(server.uri());
    }

    TestHttp alice() {
        return anonymous().login("alice", "wonderland-42");
    }

    // ---- GET /api/tokens/self ---------------------------------------------------------------------------------

    @Test
    void selfDescribesThePresentedTokenWithAnyScopeAndNothingSecret() {
        JsonNode created = alice().createToken(
                "{\"name\":\"self check\",\"expires_in_days\":30,\"scopes\":[\"tags:read\"]}");
        String token = created.get("token").asText();

        TestHttp.Response self = anonymous().get("/api/tokens/self", "Authorization", "Bearer " + token);

        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        JsonNode body = self.json();
        assertThat(ExampleServerTest.fieldNames(body)).containsExactly("id", "name", "owner", "status", "scopes",
                "expires_at", "created_at", "last_used_at");
        assertThat(body.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(body.get("name").asText()).isEqualTo("self check");
        assertThat(body.get("owner").asText()).isEqualTo("alice");
        assertThat(body.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(body.get("scopes").toString()).isEqualTo("[\"tags:read\"]");
        assertThat(body.get("expires_at").asText()).isEqualTo(created.get("expires_at").asText());
        assertThat(body.get("created_at").asText()).isEqualTo(created.get("created_at").asText());
        assertThat(self.body()).doesNotContain(token).doesNotContain(token.substring(4, 20));
        // Non-destructive: asking twice works, and the token still works elsewhere.
        assertThat(anonymous().get("/api/tokens/self", "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void selfNeedsAToken() {
        TestHttp.Response bySession = alice().get("/api/tokens/self");
        assertThat(bySession.status()).isEqualTo(401);
        assertThat(bySession.json().get("error").asText()).isEqualTo("unauthorized");
        TestHttp.Response byNobody = anonymous().get("/api/tokens/self");
        assertThat(byNobody.status()).isEqualTo(401);

        TestHttp alice = alice();
        JsonNode created = alice.createToken("{\"name\":\"soon revoked\"}");
        String token = created.get("token").asText();
        String id = created.get("id").asText();
        assertThat(alice.delete("/api/tokens/" + id, "X-CSRF-Token", alice.csrf()).status()).isEqualTo(200);
        TestHttp.Response revoked = anonymous().get("/api/tokens/self", "Authorization", "Bearer " + token);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(anonymous().postJson("/api/tokens/self", "{}", "Authorization", "Bearer " + token).status())
                .isEqualTo(401);
    }

    // ---- POST /api/secret-scanning/trufflehog -----------------------------------------------------------------

    @Test
    void trufflehogVerifierAnswers200ForALiveTokenAnd403OtherwiseWithoutRevoking() {
        String token = alice().createToken("{\"name\":\"scanned\"}").get("token").asText();
        String body = "{\"spk-api-token\":{\"token\":[\"" + token + "\",\"" + token + "\"]}}";

        TestHttp.Response live = anonymous().postJson("/api/secret-scanning/trufflehog", body);
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        assertThat(live.json().get("verified").asBoolean()).isTrue();
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(200);

        String wrongChecksum = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        TestHttp.Response dead = anonymous().postJson("/api/secret-scanning/trufflehog",
                "{\"spk-api-token\":{\"token\":[\"" + wrongChecksum + "\"]}}");
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.json().get("verified").asBoolean()).isFalse();
    }

    @Test
    void trufflehogVerifierRefusesBadBodiesWith4xxAndIsOutsideTheTokenFilter() {
        TestHttp http = anonymous();
        for (String bad : List.of("", "not json", "[]", "{}", "{\"d\":[]}", "{\"d\":{\"token\":\"x\"}}",
                "{\"d\":{\"token\":[1]}}", "{\"d\":{\"token\":[]}}",
                "{\"d\":{\"token\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}}")) {
            TestHttp.Response r = http.postJson("/api/secret-scanning/trufflehog", bad);
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isNotBlank();
        }
        TestHttp.Response big = http.postJson("/api/secret-scanning/trufflehog",
                "{\"d\":{\"token\":[\"" + "x".repeat(Json.MAX_BODY_BYTES) + "\"]}}");
        assertThat(big.status()).isEqualTo(413);
        TestHttp.Response get = http.get("/api/secret-scanning/trufflehog");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        // A scanner's own Authorization header is not a token of ours: the filter does not answer it.
        TestHttp.Response withHeader = http.postJson("/api/secret-scanning/trufflehog",
                "{\"d\":{\"token\":[\"spk_nope\"]}}", "Authorization", "Bearer not-a-speakr-token");
        assertThat(withHeader.status()).isEqualTo(403);
        assertThat(withHeader.header("WWW-Authenticate")).isNull();
    }

    @Test
    void receiversWithoutAKeyDocumentAnswer404AndReadNothing() {
        String token = alice().createToken("{\"name\":\"not reported\"}").get("token").asText();
        for (String receiver : List.of("/api/secret-scanning/github", "/api/secret-scanning/gitlab")) {
            TestHttp.Response r = anonymous().postJson(receiver, "[{\"token\":\"" + token + "\"}]",
                    "Github-Public-Key-Identifier", "k", "Github-Public-Key-Signature", "c2ln");
            assertThat(r.status()).as(receiver).isEqualTo(404);
            assertThat(r.header("WWW-Authenticate")).isNull();
        }
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void trufflehogVerifierIsLimitedPerAddress() {
        AddressRateLimit limit = new AddressRateLimit(3, java.time.Duration.ofMinutes(1),
                java.time.Clock.fixed(java.time.Instant.parse("2026-01-05T09:00:00Z"), java.time.ZoneOffset.UTC));
        assertThat(List.of(limit.acquire("192.0.2.1"), limit.acquire("192.0.2.1"), limit.acquire("192.0.2.1")))
                .containsOnly(0L);
        assertThat(limit.acquire("192.0.2.1")).isEqualTo(60);
        assertThat(limit.acquire("192.0.2.2")).isZero();

    }

    @Test
    void trufflehogVerifierRefusesTheSixtyFirstRequestOfAMinuteFromOneAddress(@TempDir Path ownData)
            throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.now());
        try (ExampleServer own = ExampleServer.start(Options.parse("--port", "0", "--data-dir", ownData.toString()),
                clock)) {
            TestHttp http = new TestHttp(own.uri());
            String body = "{\"d\":{\"token\":[\"spk_x\"]}}";
            for (int i = 0; i < TrufflehogVerifyServlet.REQUESTS_PER_MINUTE; i++) {
                assertThat(http.postJson("/api/secret-scanning/trufflehog", body).status()).as("request %d", i)
                        .isEqualTo(403);
            }
            TestHttp.Response refused = http.postJson("/api/secret-scanning/trufflehog", body);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("60");

            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(http.postJson("/api/secret-scanning/trufflehog", body).status()).isEqualTo(403);
        }
    }

    // ---- what the owner sees -----------------------------------------------------------------------------------

    @Test
    void aTokenReportedAsLeakedIsRefusedAndListedRevokedLeakedWithWhereItWasFound() {
        TestHttp alice = alice();
        JsonNode created = alice.createToken("{\"name\":\"pasted in a gist\"}");
        String token = created.get("token").asText();
        String id = created.get("id").asText();
        String url = "https://gist.github.com/someone/0123456789abcdef";

        assertThat(server.tokens().reportLeaked(token, new LeakReport("public", url))).isEqualTo(LeakOutcome.REVOKED);

        TestHttp.Response refused = anonymous().get("/api/tags", "Authorization", "Bearer " + token);
        assertThat(refused.status()).isEqualTo(401);
        JsonNode listed = tokenById(alice.get("/api/tokens?per_page=100").json(), id);
        assertThat(listed.get("status").asText()).isEqualTo("REVOKED");
        assertThat(listed.get("revocation_reason").asText()).isEqualTo("LEAKED");
        JsonNode leak = leakById(alice.get("/api/tokens/leaks").json(), id);
        assertThat(leak.get("source_url").asText()).isEqualTo(url);
        assertThat(leak.get("reporter").asText()).isEqualTo("public");
        assertThat(leak.get("reported_at").asText()).isEqualTo(listed.get("revoked_at").asText());
        // Another user sees nothing of it.
        assertThat(leakIds(anonymous().login("bob", "builder-7").get("/api/tokens/leaks").json())).doesNotContain(id);
        // Reported again: already invalid, still one row.
        assertThat(server.tokens().reportLeaked(token, new LeakReport("github", "https://example.org/other")))
                .isEqualTo(LeakOutcome.ALREADY_INVALID);
        assertThat(leakIds(alice.get("/api/tokens/leaks").json())).containsOnlyOnce(id);
    }

    @Test
    void leaksNeedASessionOrATokenWithTokensWrite() {
        assertThat(anonymous().get("/api/tokens/leaks").status()).isEqualTo(401);
        String tagsOnly = alice().createToken("{\"name\":\"tags only\",\"scopes\":[\"tags:read\"]}").get("token")
                .asText();
        assertThat(anonymous().get("/api/tokens/leaks", "Authorization", "Bearer " + tagsOnly).status())
                .isEqualTo(403);
        String manager = alice().createToken("{\"name\":\"manager\",\"scopes\":[\"tokens:write\"]}").get("token")
                .asText();
        assertThat(anonymous().get("/api/tokens/leaks", "Authorization", "Bearer " + manager).status())
                .isEqualTo(200);
    }

    static JsonNode tokenById(JsonNode list, String id) {
        for (JsonNode token : list.get("tokens")) {
            if (token.get("id").asText().equals(id)) {
                return token;
            }
        }
        throw new AssertionError("token " + id + " not listed: " + list);
    }

    static JsonNode leakById(JsonNode leaks, String id) {
        for (JsonNode leak : leaks.get("leaks")) {
            if (leak.get("token_id").asText().equals(id)) {
                return leak;
            }
        }
        throw new AssertionError("no leak of " + id + ": " + leaks);
    }

    static List<String> leakIds(JsonNode leaks) {
        List<String> ids = new ArrayList<>();
        leaks.get("leaks").forEach(leak -> ids.add(leak.get("token_id").asText()));
        return ids;
    }
}
