package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** End-to-end: every endpoint and error of the example app, over HTTP, on a server started on port 0. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleServerTest {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final List<String> TOKEN_FIELDS = List.of("id", "name", "hint", "status", "scopes", "created_at",
            "last_used_at", "expires_at", "revoked_at", "revocation_reason", "parent_id", "last_used_address",
            "last_used_user_agent", "allowed_networks", "predecessor_id", "expires_soon");

    @TempDir
    static Path dataDir;

    ExampleServer server;
    ListAppender<ILoggingEvent> logs;
    final List<String> plaintexts = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        server = ExampleServer.start(Options.parse("--port", "0", "--data-dir", dataDir.toString()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    TestHttp anonymous() {
        return new TestHttp(server.uri());
    }

    TestHttp alice() {
        return anonymous().login("alice", "wonderland-42");
    }

    TestHttp bob() {
        return anonymous().login("bob", "builder-7");
    }

    /** Creates a token as alice through her session and returns its plaintext. */
    String aliceToken(String json) {
        String token = alice().createToken(json).get("token").asText();
        plaintexts.add(token);
        return token;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- authentication -------------------------------------------------------------------------------------

    @Test
    void apiWithoutSessionOrTokenThen401JsonNeverRedirect() {
        TestHttp http = anonymous();
        List<TestHttp.Response> responses = List.of(
                http.get("/api/recordings"), http.get("/api/recordings/1"), http.get("/api/recordings/1/transcript"),
                http.get("/api/recordings/1/summary"), http.get("/api/tags"), http.get("/api/tokens"),
                http.postJson("/api/tokens", "{\"name\":\"x\"}"), http.delete("/api/tokens/abc"),
                http.get("/api/nothing-here"));
        for (TestHttp.Response r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.header("Location")).isNull();
            assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"speakr\"");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void sessionWhenNotLoggedInThen401() {
        TestHttp.Response r = anonymous().get("/api/session");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void loginWithRightPasswordThenHttpOnlySameSiteLaxCookieAnd303ToAccount() {
        TestHttp.Response r = anonymous().postForm("/login", Map.of("username", "alice", "password", "wonderland-42"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/account");
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("speakr_session=").contains("; HttpOnly").contains("SameSite=Lax")
                .contains("Path=/");
    }

    @Test
    void loginWithWrongPasswordOrUnknownUserThen401() {
        TestHttp.Response wrong = anonymous().postForm("/login", Map.of("username", "alice", "password", "nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Set-Cookie")).isNull();
        assertThat(wrong.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(wrong.body()).contains("Invalid username or password.");

        TestHttp.Response unknown = anonymous().postForm("/login", Map.of("username", "mallory", "password", "x"),
                "Accept", "application/json");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("error").asText()).isEqualTo("Invalid username or password");

        TestHttp.Response missing = anonymous().postForm("/login", Map.of(), "Accept", "application/json");
        assertThat(missing.status()).isEqualTo(401);
    }

    @Test
    void sessionAfterLoginReturnsUsernameAndCsrfToken() {
        TestHttp http = alice();
        TestHttp.Response r = http.get("/api/session");
        assertThat(r.status()).isEqualTo(200);
        assertThat(fieldNames(r.json())).containsExactly("username", "csrf_token");
        assertThat(r.json().get("username").asText()).isEqualTo("alice");
        assertThat(r.json().get("csrf_token").asText()).hasSize(43);
    }

    @Test
    void logoutNeedsCsrfTokenThenEndsSession() {
        TestHttp http = alice();
        assertThat(http.send("POST", "/logout", null).status()).isEqualTo(403);
        assertThat(http.get("/api/session").status()).isEqualTo(200);
        TestHttp.Response out = http.send("POST", "/logout", null, "X-CSRF-Token", http.csrf());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/");
        assertThat(http.get("/api/session").status()).isEqualTo(401);
        assertThat(http.get("/api/recordings").status()).isEqualTo(401);
    }

    @Test
    void tokenInEachOfTheFourLocationsThen200() {
        String token = aliceToken("{\"name\":\"four places\"}");
        TestHttp http = anonymous();
        List<TestHttp.Response> responses = List.of(
                http.get("/api/recordings", "Authorization", "Bearer " + token),
                http.get("/api/recordings", "X-API-Token", token),
                http.get("/api/recordings", "API-Token", token),
                http.get("/api/recordings?token=" + token));
        for (TestHttp.Response r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("pagination").get("total").asInt()).isEqualTo(42);
        }
        assertThat(http.get("/api/recordings", "authorization", "bearer " + token).status()).isEqualTo(200);
        TestHttp.Response head = http.send("HEAD", "/api/recordings?token=" + token, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void queryParameterTokenOnPostIsNotAcceptedThen401() {
        String token = aliceToken("{\"name\":\"query on post\"}");
        TestHttp.Response r = anonymous().postJson("/api/tokens?token=" + token, "{\"name\":\"x\"}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void tokenInTwoPlacesThen400InvalidRequest() {
        String token = aliceToken("{\"name\":\"two places\"}");
        TestHttp.Response r = anonymous().get("/api/recordings?token=" + token, "X-API-Token", token);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void unknownOrMalformedTokenThen401InvalidToken() {
        TestHttp http = anonymous();
        String unknown = aliceToken("{\"name\":\"to mangle\"}");
        // Same format and length, a different secret: the checksum no longer matches.
        String mangled = unknown.substring(0, 10) + (unknown.charAt(10) == 'a' ? 'b' : 'a') + unknown.substring(11);
        for (String bad : List.of("spk_nonsense", mangled, "x")) {
            TestHttp.Response r = http.get("/api/recordings", "Authorization", "Bearer " + bad);
            assertThat(r.status()).as(bad).isIn(400, 401);
            assertThat(r.json().get("error").asText()).isIn("invalid_token", "invalid_request");
        }
        TestHttp.Response r = http.get("/api/recordings", "X-API-Token", mangled);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer ").contains("error=\"invalid_token\"");
    }

    @Test
    void sessionUserCanCallEveryReadEndpoint() {
        TestHttp http = alice();
        assertThat(http.get("/api/recordings").status()).isEqualTo(200);
        assertThat(http.get("/api/recordings/1").status()).isEqualTo(200);
        assertThat(http.get("/api/recordings/1/transcript").status()).isEqualTo(200);
        assertThat(http.get("/api/recordings/1/summary").status()).isEqualTo(200);
        assertThat(http.get("/api/tags").status()).isEqualTo(200);
        assertThat(http.get("/api/tokens").status()).isEqualTo(200);
    }

    // ---- scopes ---------------------------------------------------------------------------------------------

    @Test
    void tokenWithoutScopesHasFullAccess() {
        String token = aliceToken("{\"name\":\"full\",\"scopes\":[]}");
        TestHttp http = anonymous();
        for (String path : List.of("/api/recordings", "/api/recordings/2", "/api/recordings/2/transcript",
                "/api/recordings/2/summary", "/api/tags", "/api/tokens")) {
            assertThat(http.get(path, "X-API-Token", token).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void tokenWithTagsReadOnlyThen403InsufficientScopeElsewhere() {
        String token = aliceToken("{\"name\":\"tags only\",\"scopes\":[\"tags:read\"]}");
        TestHttp http = anonymous();
        assertThat(http.get("/api/tags", "X-API-Token", token).status()).isEqualTo(200);
        for (String path : List.of("/api/recordings", "/api/recordings/2", "/api/recordings/2/transcript",
                "/api/recordings/2/summary")) {
            TestHttp.Response r = http.get(path, "X-API-Token", token);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().get("error").asText()).isEqualTo("insufficient_scope");
            assertThat(r.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
                    .contains("scope=\"recordings:read\"");
        }
        TestHttp.Response tokens = http.get("/api/tokens", "X-API-Token", token);
        assertThat(tokens.status()).isEqualTo(403);
        assertThat(tokens.header("WWW-Authenticate")).contains("scope=\"tokens:write\"");
    }

    @Test
    void tokenWithRecordingsReadCannotReadTags() {
        String token = aliceToken("{\"name\":\"recordings only\",\"scopes\":[\"recordings:read\"]}");
        TestHttp http = anonymous();
        assertThat(http.get("/api/recordings/2/transcript", "Authorization", "Bearer " + token).status())
                .isEqualTo(200);
        TestHttp.Response tags = http.get("/api/tags", "Authorization", "Bearer " + token);
        assertThat(tags.status()).isEqualTo(403);
        assertThat(tags.json().get("error").asText()).isEqualTo("insufficient_scope");
        assertThat(tags.header("WWW-Authenticate")).contains("scope=\"tags:read\"");
    }

    @Test
    void tokenWithTokensWriteManagesTokensWithoutCsrf() {
        String token = aliceToken("{\"name\":\"manager\",\"scopes\":[\"tokens:write\"]}");
        TestHttp http = anonymous();
        TestHttp.Response created = http.postJson("/api/tokens",
                "{\"name\":\"made by a token\",\"scopes\":[\"tokens:write\"]}", "Authorization", "Bearer " + token);
        assertThat(created.status()).isEqualTo(201);
        plaintexts.add(created.json().get("token").asText());
        String id = created.json().get("id").asText();
        assertThat(http.delete("/api/tokens/" + id, "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(http.get("/api/recordings", "Authorization", "Bearer " + token).status()).isEqualTo(403);
    }

    /** Issue 12, item 1: a token could mint a broader, never-expiring token that survived its revocation. */
    @Test
    void tokenCreatedByATokenIsItsChildNoBroaderNoLaterAndRevokedWithIt() {
        TestHttp session = alice();
        JsonNode parent = session.createToken(
                "{\"name\":\"n8n\",\"expires_in_days\":30,\"scopes\":[\"tokens:write\",\"tags:read\"]}");
        String token = parent.get("token").asText();
        plaintexts.add(token);
        TestHttp http = anonymous();

        TestHttp.Response broader = http.postJson("/api/tokens",
                "{\"name\":\"escape\",\"expires_in_days\":0,\"scopes\":[]}", "Authorization", "Bearer " + token);
        assertThat(broader.status()).isEqualTo(400);
        assertThat(broader.json().get("error").asText()).startsWith("scopes: expected a non-empty subset of the"
                + " parent token's scopes [tags:read, tokens:write], got '[] (full access)'");
        TestHttp.Response never = http.postJson("/api/tokens",
                "{\"name\":\"escape\",\"expires_in_days\":0,\"scopes\":[\"tags:read\"]}",
                "Authorization", "Bearer " + token);
        assertThat(never.status()).isEqualTo(400);
        assertThat(never.json().get("error").asText()).startsWith("expiration: expected an expiry at or before the"
                + " parent token's ").endsWith(", got 'never'");
        TestHttp.Response later = http.postJson("/api/tokens",
                "{\"name\":\"escape\",\"expires_in_days\":90,\"scopes\":[\"tags:read\"]}",
                "Authorization", "Bearer " + token);
        assertThat(later.status()).isEqualTo(400);

        TestHttp.Response child = http.postJson("/api/tokens",
                "{\"name\":\"child\",\"expires_in_days\":7,\"scopes\":[\"tags:read\"]}",
                "Authorization", "Bearer " + token);
        assertThat(child.status()).isEqualTo(201);
        String childToken = child.json().get("token").asText();
        plaintexts.add(childToken);
        assertThat(child.json().get("parent_id").asText()).isEqualTo(parent.get("id").asText());
        assertThat(http.get("/api/tags", "Authorization", "Bearer " + childToken).status()).isEqualTo(200);

        assertThat(session.delete("/api/tokens/" + parent.get("id").asText(), "X-CSRF-Token", session.csrf())
                .status()).isEqualTo(200);

        TestHttp.Response afterRevoke = http.get("/api/tags", "Authorization", "Bearer " + childToken);
        assertThat(afterRevoke.status()).isEqualTo(401);
        JsonNode listed = null;
        for (JsonNode t : session.get("/api/tokens?per_page=100").json().get("tokens")) {
            if (t.get("id").asText().equals(child.json().get("id").asText())) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("status").asText()).isEqualTo("REVOKED");
        assertThat(listed.get("revocation_reason").asText()).isEqualTo("PARENT");
    }

    /** Issue 12, item 12: the token list was unpaginated (20,000 tokens, 4 MB in one answer). */
    @Test
    void listTokensIsPaginatedLikeRecordings() {
        TestHttp http = bob();
        for (int i = 0; i < 3; i++) {
            plaintexts.add(http.createToken("{\"name\":\"page " + i + "\"}").get("token").asText());
        }
        TestHttp.Response all = http.get("/api/tokens?per_page=100");
        long total = all.json().get("pagination").get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);

        TestHttp.Response first = http.get("/api/tokens?page=1&per_page=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("tokens")).hasSize(2);
        assertThat(first.json().get("tokens").get(0).get("name").asText()).isEqualTo("page 2");
        JsonNode pagination = first.json().get("pagination");
        assertThat(fieldNames(pagination)).containsExactly("page", "per_page", "total", "total_pages", "has_next",
                "has_prev");
        assertThat(pagination.get("total").asLong()).isEqualTo(total);
        assertThat(pagination.get("has_next").asBoolean()).isTrue();
        assertThat(http.get("/api/tokens?page=" + ((total + 1) / 2 + 1) + "&per_page=2").json().get("tokens"))
                .isEmpty();
        for (String bad : List.of("per_page=0", "per_page=101", "page=0", "page=x", "page=1&page=2")) {
            TestHttp.Response r = http.get("/api/tokens?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
    }

    // ---- tokens ---------------------------------------------------------------------------------------------

    @Test
    void createTokenThen201WithPlaintextOnceAndListWithoutIt() {
        TestHttp http = alice();
        Instant before = Instant.now().minusSeconds(1);
        JsonNode created = http.createToken("{\"name\":\"  n8n workflow  \",\"expires_in_days\":30}");
        String token = created.get("token").asText();
        plaintexts.add(token);
        List<String> fields = new ArrayList<>(TOKEN_FIELDS);
        fields.add("token");
        assertThat(fieldNames(created)).containsExactlyElementsOf(fields);
        assertThat(token).matches("spk_[A-Za-z0-9]{49}");
        assertThat(created.get("name").asText()).isEqualTo("n8n workflow");
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.get("hint").asText()).isEqualTo("spk_…" + token.substring(token.length() - 4));
        assertThat(created.get("scopes").isArray()).isTrue();
        assertThat(created.get("scopes")).isEmpty();
        assertThat(created.get("last_used_at").isNull()).isTrue();
        assertThat(created.get("revoked_at").isNull()).isTrue();
        Instant createdAt = Instant.parse(created.get("created_at").asText());
        assertThat(created.get("created_at").asText()).endsWith("Z");
        assertThat(createdAt).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(Instant.parse(created.get("expires_at").asText())).isEqualTo(createdAt.plus(Duration.ofDays(30)));

        TestHttp.Response list = http.get("/api/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(fieldNames(list.json())).containsExactly("pagination", "tokens");
        assertThat(list.body()).doesNotContain(token);
        JsonNode first = list.json().get("tokens").get(0);
        assertThat(first.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(fieldNames(first)).containsExactlyElementsOf(TOKEN_FIELDS);
    }

    @Test
    void listTokensNewestFirstAndOnlyOwn() {
        TestHttp http = bob();
        String older = http.createToken("{\"name\":\"bob older\"}").get("id").asText();
        String newer = http.createToken("{\"name\":\"bob newer\"}").get("id").asText();
        List<String> ids = new ArrayList<>();
        http.get("/api/tokens").json().get("tokens").forEach(t -> ids.add(t.get("id").asText()));
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        List<String> aliceIds = new ArrayList<>();
        alice().get("/api/tokens").json().get("tokens").forEach(t -> aliceIds.add(t.get("id").asText()));
        assertThat(aliceIds).doesNotContain(older, newer);
    }

    @Test
    void createTokenExpirationChoices() {
        TestHttp http = alice();
        JsonNode never = http.createToken("{\"name\":\"never\",\"expires_in_days\":0}");
        assertThat(never.get("expires_at").isNull()).isTrue();
        JsonNode absent = http.createToken("{\"name\":\"absent\"}");
        assertThat(absent.get("expires_at").isNull()).isTrue();
        for (int days : List.of(7, 90, 365)) {
            JsonNode t = http.createToken("{\"name\":\"d" + days + "\",\"expires_in_days\":" + days + "}");
            assertThat(Instant.parse(t.get("expires_at").asText()))
                    .isEqualTo(Instant.parse(t.get("created_at").asText()).plus(Duration.ofDays(days)));
        }
        JsonNode scoped = http.createToken("{\"name\":\"scoped\",\"scopes\":[\"tags:read\",\"recordings:read\"]}");
        assertThat(scoped.get("scopes").toString()).isEqualTo("[\"recordings:read\",\"tags:read\"]");
    }

    @Test
    void createTokenWithSessionButWithoutCsrfThen403() {
        TestHttp http = alice();
        TestHttp.Response none = http.postJson("/api/tokens", "{\"name\":\"x\"}");
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("error").asText()).isEqualTo("Missing or invalid X-CSRF-Token header");
        TestHttp.Response wrong = http.postJson("/api/tokens", "{\"name\":\"x\"}", "X-CSRF-Token", "wrong");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(http.delete("/api/tokens/abc").status()).isEqualTo(403);
    }

    @Test
    void createTokenWithInvalidInputThen400WithMessage() {
        TestHttp http = alice();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{bad json", "Request body is not valid JSON");
        cases.put("", "Request body is not valid JSON");
        cases.put("{\"name\":\"a\"} trailing", "Request body is not valid JSON");
        cases.put("{\"name\":\"a\",\"name\":\"b\"}", "Request body is not valid JSON");
        cases.put("[\"name\"]", "Request body must be a JSON object");
        cases.put("\"text\"", "Request body must be a JSON object");
        cases.put("{}", "name is required");
        cases.put("{\"name\":null}", "name is required");
        cases.put("{\"name\":42}", "name must be a string");
        cases.put("{\"name\":[\"a\"]}", "name must be a string");
        cases.put("{\"name\":\"   \"}", "name must not be empty or blank");
        cases.put("{\"name\":\"" + "x".repeat(101) + "\"}", "name must be at most 100 characters after trimming, was 101");
        cases.put("{\"name\":\"bell\\u0007\"}", "name: expected no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp), got 'U+0007 at index 4'");
        cases.put("{\"name\":\"a\",\"expires_in_days\":\"30\"}",
                "expires_in_days must be an integer: one of 0, 7, 30, 90, 365");
        cases.put("{\"name\":\"a\",\"expires_in_days\":1.5}",
                "expires_in_days must be an integer: one of 0, 7, 30, 90, 365");
        cases.put("{\"name\":\"a\",\"expires_in_days\":99999999999}",
                "expires_in_days must be an integer: one of 0, 7, 30, 90, 365");
        cases.put("{\"name\":\"a\",\"expires_in_days\":31}", "expires_in_days must be one of 0, 7, 30, 90, 365, was 31");
        cases.put("{\"name\":\"a\",\"expires_in_days\":-7}", "expires_in_days must be one of 0, 7, 30, 90, 365, was -7");
        cases.put("{\"name\":\"a\",\"scopes\":\"tags:read\"}", "scopes must be an array of strings");
        cases.put("{\"name\":\"a\",\"scopes\":[1]}", "scopes must be an array of strings");
        cases.put("{\"name\":\"a\",\"scopes\":[\"admin\"]}",
                "unknown scope; known scopes are recordings:read, tags:read, tokens:write");
        cases.forEach((body, message) -> {
            TestHttp.Response r = http.postJson("/api/tokens", body, "X-CSRF-Token", http.csrf());
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
            assertThat(fieldNames(r.json())).containsExactly("error");
            assertThat(r.json().get("error").asText()).as(body).isEqualTo(message);
        });
        TestHttp.Response big = http.postJson("/api/tokens", "{\"name\":\"" + "x".repeat(20_000) + "\"}",
                "X-CSRF-Token", http.csrf());
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("error").asText()).isEqualTo("Request body too large");
    }

    @Test
    void revokeTokenThen200AndTokenStopsWorkingAndStaysListedAsRevoked() {
        TestHttp http = alice();
        JsonNode created = http.createToken("{\"name\":\"to revoke\"}");
        String token = created.get("token").asText();
        plaintexts.add(token);
        String id = created.get("id").asText();
        TestHttp api = anonymous();
        assertThat(api.get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(200);

        TestHttp.Response revoked = http.delete("/api/tokens/" + id, "X-CSRF-Token", http.csrf());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body()).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"REVOKED\"}");

        TestHttp.Response after = api.get("/api/tags", "Authorization", "Bearer " + token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("invalid_token");

        JsonNode listed = null;
        for (JsonNode t : http.get("/api/tokens").json().get("tokens")) {
            if (t.get("id").asText().equals(id)) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("status").asText()).isEqualTo("REVOKED");
        assertThat(Instant.parse(listed.get("revoked_at").asText())).isBefore(Instant.now().plusSeconds(1));
        // Idempotent.
        assertThat(http.delete("/api/tokens/" + id, "X-CSRF-Token", http.csrf()).status()).isEqualTo(200);
    }

    @Test
    void revokeUnknownOrAnotherUsersTokenThen404() {
        TestHttp alice = alice();
        String aliceTokenId = alice.createToken("{\"name\":\"alice's\"}").get("id").asText();
        TestHttp bob = bob();
        TestHttp.Response other = bob.delete("/api/tokens/" + aliceTokenId, "X-CSRF-Token", bob.csrf());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("error").asText()).isEqualTo("Token not found");
        assertThat(bob.delete("/api/tokens/doesNotExist", "X-CSRF-Token", bob.csrf()).status()).isEqualTo(404);
        assertThat(bob.delete("/api/tokens/" + "x".repeat(100), "X-CSRF-Token", bob.csrf()).status()).isEqualTo(404);
        assertThat(alice.get("/api/tokens").body()).contains(aliceTokenId);
    }

    @Test
    void lastUsedAtIsWrittenAfterUse() {
        TestHttp http = alice();
        JsonNode created = http.createToken("{\"name\":\"last used\"}");
        plaintexts.add(created.get("token").asText());
        Instant before = Instant.now().minusSeconds(1);
        assertThat(anonymous().get("/api/tags", "API-Token", created.get("token").asText()).status()).isEqualTo(200);
        server.tokens().flushLastUsed();
        for (JsonNode t : http.get("/api/tokens").json().get("tokens")) {
            if (t.get("id").asText().equals(created.get("id").asText())) {
                assertThat(Instant.parse(t.get("last_used_at").asText())).isAfter(before);
                return;
            }
        }
        throw new AssertionError("token not listed");
    }

    // ---- recordings -----------------------------------------------------------------------------------------

    @Test
    void recordingsDefaultPageIsNewestFirst25OfAlices42() {
        TestHttp.Response r = alice().get("/api/recordings");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(fieldNames(body)).containsExactly("pagination", "recordings");
        assertThat(body.get("pagination").toString()).isEqualTo(
                "{\"page\":1,\"per_page\":25,\"total\":42,\"total_pages\":2,\"has_next\":true,\"has_prev\":false}");
        JsonNode recordings = body.get("recordings");
        assertThat(recordings).hasSize(25);
        JsonNode first = recordings.get(0);
        assertThat(fieldNames(first)).containsExactly("id", "title", "status", "created_at", "tags");
        assertThat(first.get("id").asLong()).isEqualTo(42);
        assertThat(first.get("status").asText()).isEqualTo("PROCESSING");
        assertThat(fieldNames(first.get("tags").get(0))).containsExactly("id", "name", "color");
        Instant previous = Instant.MAX;
        for (JsonNode rec : recordings) {
            Instant created = Instant.parse(rec.get("created_at").asText());
            assertThat(created).isBefore(previous);
            previous = created;
            assertThat(rec.get("id").asLong()).isBetween(1L, 42L);
        }
    }

    @Test
    void recordingsSecondPageAndPastTheEnd() {
        TestHttp http = alice();
        JsonNode page2 = http.get("/api/recordings?page=2").json();
        assertThat(page2.get("pagination").toString()).isEqualTo(
                "{\"page\":2,\"per_page\":25,\"total\":42,\"total_pages\":2,\"has_next\":false,\"has_prev\":true}");
        assertThat(page2.get("recordings")).hasSize(17);
        assertThat(page2.get("recordings").get(16).get("id").asLong()).isEqualTo(1);
        JsonNode all = http.get("/api/recordings?per_page=100").json();
        assertThat(all.get("recordings")).hasSize(42);
        assertThat(all.get("pagination").get("total_pages").asInt()).isEqualTo(1);
        JsonNode past = http.get("/api/recordings?page=3").json();
        assertThat(past.get("recordings")).isEmpty();
        assertThat(past.get("pagination").get("has_next").asBoolean()).isFalse();
        assertThat(past.get("pagination").get("has_prev").asBoolean()).isTrue();
        JsonNode bob = bob().get("/api/recordings?per_page=5&page=2").json();
        assertThat(bob.get("pagination").toString()).isEqualTo(
                "{\"page\":2,\"per_page\":5,\"total\":7,\"total_pages\":2,\"has_next\":false,\"has_prev\":true}");
        assertThat(bob.get("recordings")).hasSize(2);
        bob.get("recordings").forEach(rec -> assertThat(rec.get("id").asLong()).isBetween(43L, 49L));
    }

    @Test
    void recordingsWithBadPageOrPerPageThen400() {
        TestHttp http = alice();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("page=0", "page must be an integer from 1 to 1000000");
        cases.put("page=-1", "page must be an integer from 1 to 1000000");
        cases.put("page=abc", "page must be an integer from 1 to 1000000");
        cases.put("page=1.5", "page must be an integer from 1 to 1000000");
        cases.put("page=", "page must be an integer from 1 to 1000000");
        cases.put("page=99999999999999999999", "page must be an integer from 1 to 1000000");
        cases.put("page=1000001", "page must be an integer from 1 to 1000000");
        cases.put("page=1&page=2", "page must be given once");
        cases.put("per_page=0", "per_page must be an integer from 1 to 100");
        cases.put("per_page=101", "per_page must be an integer from 1 to 100");
        cases.put("per_page=ten", "per_page must be an integer from 1 to 100");
        cases.forEach((query, message) -> {
            TestHttp.Response r = http.get("/api/recordings?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(query).isEqualTo(message);
        });
    }

    @Test
    void recordingDetailsOfOwnRecording() {
        TestHttp http = alice();
        JsonNode done = http.get("/api/recordings/5").json();
        assertThat(fieldNames(done)).containsExactly("id", "title", "status", "created_at", "completed_at",
                "participants", "duration_seconds", "tags", "has_transcript", "has_summary");
        assertThat(done.get("id").asLong()).isEqualTo(5);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("participants").asText()).startsWith("Alice, ");
        assertThat(done.get("duration_seconds").asInt()).isBetween(300, 3600);
        assertThat(Instant.parse(done.get("completed_at").asText()))
                .isAfter(Instant.parse(done.get("created_at").asText()));
        assertThat(done.get("has_transcript").asBoolean()).isTrue();
        assertThat(done.get("has_summary").asBoolean()).isTrue();
        JsonNode processing = http.get("/api/recordings/41").json();
        assertThat(processing.get("status").asText()).isEqualTo("PROCESSING");
        assertThat(processing.get("completed_at").isNull()).isTrue();
        assertThat(processing.get("has_transcript").asBoolean()).isFalse();
        assertThat(processing.get("has_summary").asBoolean()).isFalse();
    }

    @Test
    void recordingMissingThen404AndAnotherUsersThen403() {
        TestHttp http = alice();
        for (String path : List.of("/api/recordings/999", "/api/recordings/999/transcript",
                "/api/recordings/999/summary", "/api/recordings/abc", "/api/recordings/0")) {
            TestHttp.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"error\":\"Recording not found\"}");
        }
        for (String path : List.of("/api/recordings/43", "/api/recordings/43/transcript",
                "/api/recordings/43/summary")) {
            TestHttp.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"error\":\"Access denied\"}");
        }
        assertThat(bob().get("/api/recordings/43").status()).isEqualTo(200);
    }

    @Test
    void transcriptWithSegmentsOr404WhenProcessing() {
        TestHttp http = alice();
        JsonNode t = http.get("/api/recordings/3/transcript").json();
        assertThat(fieldNames(t)).containsExactly("recording_id", "transcript", "segments");
        assertThat(t.get("recording_id").asLong()).isEqualTo(3);
        assertThat(t.get("segments").size()).isBetween(4, 8);
        JsonNode segment = t.get("segments").get(0);
        assertThat(fieldNames(segment)).containsExactly("speaker", "start", "end", "text");
        assertThat(segment.get("start").asDouble()).isEqualTo(0.0);
        assertThat(segment.get("end").asDouble()).isGreaterThan(0.0);
        assertThat(t.get("transcript").asText()).startsWith(segment.get("speaker").asText() + ": "
                + segment.get("text").asText());
        TestHttp.Response none = http.get("/api/recordings/42/transcript");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{\"error\":\"Transcript not found\"}");
    }

    @Test
    void summaryTextOrNull() {
        TestHttp http = alice();
        JsonNode s = http.get("/api/recordings/3/summary").json();
        assertThat(fieldNames(s)).containsExactly("recording_id", "summary", "has_summary");
        assertThat(s.get("summary").asText()).startsWith("Discussed ");
        assertThat(s.get("has_summary").asBoolean()).isTrue();
        // Every tenth completed recording has a transcript but no summary yet.
        JsonNode none = http.get("/api/recordings/10/summary").json();
        assertThat(none.toString()).isEqualTo("{\"recording_id\":10,\"summary\":null,\"has_summary\":false}");
        JsonNode processing = http.get("/api/recordings/42/summary").json();
        assertThat(processing.toString()).isEqualTo("{\"recording_id\":42,\"summary\":null,\"has_summary\":false}");
    }

    @Test
    void tagsWithRecordingCounts() {
        JsonNode alice = alice().get("/api/tags").json();
        assertThat(fieldNames(alice)).containsExactly("tags");
        assertThat(alice.get("tags")).hasSize(5);
        assertThat(fieldNames(alice.get("tags").get(0))).containsExactly("id", "name", "color", "recording_count");
        List<String> names = new ArrayList<>();
        alice.get("tags").forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).containsExactly("Interviews", "Meetings", "One-on-one", "Product", "Research");
        int sum = 0;
        for (JsonNode t : alice.get("tags")) {
            sum += t.get("recording_count").asInt();
            assertThat(t.get("color").asText()).matches("#[0-9A-F]{6}");
        }
        assertThat(sum).isGreaterThanOrEqualTo(42);
        JsonNode bob = bob().get("/api/tags").json();
        assertThat(bob.toString()).isEqualTo("{\"tags\":[{\"id\":6,\"name\":\"Sales\",\"color\":\"#0EA5E9\","
                + "\"recording_count\":3},{\"id\":7,\"name\":\"Support\",\"color\":\"#F97316\",\"recording_count\":4}]}");
    }

    @Test
    void unknownApiPathThen404AndWrongMethodThen405() {
        TestHttp http = alice();
        TestHttp.Response unknown = http.get("/api/unknown");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Not found\"}");
        TestHttp.Response put = http.send("PUT", "/api/tags", "{}", "X-CSRF-Token", http.csrf());
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET");
        assertThat(put.body()).isEqualTo("{\"error\":\"Method not allowed\"}");
        TestHttp.Response deleteList = http.delete("/api/tokens", "X-CSRF-Token", http.csrf());
        assertThat(deleteList.status()).isEqualTo(405);
        assertThat(deleteList.header("Allow")).isEqualTo("GET, POST");
    }

    // ---- pages and errors -----------------------------------------------------------------------------------

    @Test
    void pagesHaveStrictCspAndNosniffAndNoInlineScriptOrStyle() {
        TestHttp http = anonymous();
        TestHttp.Response login = http.get("/");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(login.header("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.body()).contains("<form method=\"post\" action=\"/login\"");

        TestHttp.Response redirect = http.get("/account");
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).isEqualTo("/");

        TestHttp session = alice();
        TestHttp.Response account = session.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.header("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(account.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(account.body()).contains("Account Settings", "API Tokens", "No expiration", "7 days", "30 days",
                "90 days", "1 year", "Authorization: Bearer", "X-API-Token:", "API-Token:", "?token=");
        assertThat(session.get("/").header("Location")).isEqualTo("/account");
        for (String html : List.of(login.body(), account.body())) {
            assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("<style")
                    .doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
        }
        TestHttp.Response js = http.get("/static/account.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript;charset=utf-8");
        assertThat(js.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(http.get("/static/app.css").header("Content-Type")).isEqualTo("text/css;charset=utf-8");
        assertThat(http.get("/static/logback.xml").status()).isEqualTo(404);
        assertThat(http.get("/static/../logback.xml").status()).isIn(400, 404);
    }

    @Test
    void errorsAreJsonWithoutDetails() throws Exception {
        TestHttp http = anonymous();
        TestHttp.Response missing = http.get("/no/such/page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"Not found\"}");
        String badUri = raw("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(badUri).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .endsWith("\r\n\r\n{\"error\":\"Bad Request\"}");
        String badHeader = raw("GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n");
        assertThat(badHeader).startsWith("HTTP/1.1 400 ").doesNotContain("Exception").doesNotContain("at org.");
    }

    /** Sends raw bytes, for requests java.net.http refuses to build; returns the whole response. */
    String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(server.uri().getHost(), server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void tokenPlaintextsNeverAppearInLogs() {
        aliceToken("{\"name\":\"log check\"}");
        String last = plaintexts.get(plaintexts.size() - 1);
        anonymous().get("/api/recordings?token=" + last);
        anonymous().get("/api/recordings", "Authorization", "Bearer " + last + "x");
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getMessage());
            }
            for (String plaintext : plaintexts) {
                assertThat(text.toString()).doesNotContain(plaintext.substring(4));
            }
        }
    }
}
