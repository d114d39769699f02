package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The token lifecycle through the example's API, end to end: {@code POST /api/tokens/{id}/rotate} with its
 * overlap choices and errors, allowed networks at creation (and the 403 outside them), the last use's client
 * address and user agent in the list, the {@code expires_soon} mark and the expiry notice log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenLifecycleApiTest {
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
        for (ILoggingEvent event : logs.list) {
            for (String token : plaintexts) {
                assertThat(event.getFormattedMessage()).as("log line").doesNotContain(token);
            }
        }
    }

    TestHttp alice() {
        return new TestHttp(server.uri()).login("alice", "wonderland-42");
    }

    JsonNode create(TestHttp session, String json) {
        JsonNode created = session.createToken(json);
        plaintexts.add(created.get("token").asText());
        return created;
    }

    TestHttp.Response rotate(TestHttp session, String id, String body) {
        TestHttp.Response response = session.postJson("/api/tokens/" + id + "/rotate", body, "X-CSRF-Token",
                session.csrf());
        if (response.status() == 201) {
            plaintexts.add(response.json().get("token").asText());
        }
        return response;
    }

    static TestHttp.Response use(TestHttp api, String token, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api.get("/api/recordings", all);
    }

    static JsonNode listed(TestHttp session, String id) {
        for (JsonNode token : session.get("/api/tokens?per_page=100").json().get("tokens")) {
            if (token.get("id").asText().equals(id)) {
                return token;
            }
        }
        throw new AssertionError("token " + id + " not listed");
    }

    @Test
    void rotateWithoutOverlapRefusesTheOldTokenAtOnceAndShowsTheSuccessorOnce() {
        TestHttp session = alice();
        JsonNode original = create(session, "{\"name\":\"deploy\",\"expires_in_days\":30,\"scopes\":[\"tags:read\"]}");
        String old = original.get("token").asText();
        TestHttp api = new TestHttp(server.uri());
        assertThat(api.get("/api/tags", "Authorization", "Bearer " + old).status()).isEqualTo(200);

        TestHttp.Response rotated = rotate(session, original.get("id").asText(), "{\"overlap\":\"none\"}");
        assertThat(rotated.status()).isEqualTo(201);
        List<String> fields = new ArrayList<>(ExampleServerTest.TOKEN_FIELDS);
        fields.add("token");
        assertThat(ExampleServerTest.fieldNames(rotated.json())).containsExactlyElementsOf(fields);
        String successor = rotated.json().get("token").asText();
        assertThat(successor).matches("spk_[A-Za-z0-9]{49}").isNotEqualTo(old);
        assertThat(rotated.json().get("name").asText()).isEqualTo("deploy");
        assertThat(rotated.json().get("predecessor_id").asText()).isEqualTo(original.get("id").asText());
        assertThat(rotated.json().get("scopes")).extracting(JsonNode::asText).containsExactly("tags:read");

        TestHttp.Response refused = api.get("/api/tags", "Authorization", "Bearer " + old);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(refused.json().get("error_description").asText()).isEqualTo("The token was rotated");
        assertThat(api.get("/api/tags", "Authorization", "Bearer " + successor).status()).isEqualTo(200);

        TestHttp.Response list = session.get("/api/tokens?per_page=100");
        assertThat(list.body()).doesNotContain(successor).doesNotContain(old);
        JsonNode before = listed(session, original.get("id").asText());
        assertThat(before.get("status").asText()).isEqualTo("REVOKED");
        assertThat(before.get("revocation_reason").asText()).isEqualTo("ROTATED");
        assertThat(listed(session, rotated.json().get("id").asText()).get("predecessor_id").asText())
                .isEqualTo(original.get("id").asText());
    }

    @Test
    void rotateWithAnHourOfOverlapKeepsTheOldTokenUntilTheSuccessorIsFirstUsed() {
        TestHttp session = alice();
        JsonNode original = create(session, "{\"name\":\"n8n\"}");
        String old = original.get("token").asText();
        TestHttp api = new TestHttp(server.uri());

        TestHttp.Response rotated = rotate(session, original.get("id").asText(), "{\"overlap\":\"1h\"}");
        assertThat(rotated.status()).isEqualTo(201);
        String successor = rotated.json().get("token").asText();
        assertThat(use(api, old).status()).isEqualTo(200);
        assertThat(use(api, old).status()).isEqualTo(200);
        JsonNode overlapping = listed(session, original.get("id").asText());
        assertThat(overlapping.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(overlapping.get("revocation_reason").asText()).isEqualTo("ROTATED");

        assertThat(use(api, successor).status()).isEqualTo(200);
        TestHttp.Response refused = use(api, old);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error_description").asText()).isEqualTo("The token was rotated");
        assertThat(use(api, successor).status()).isEqualTo(200);
        assertThat(listed(session, original.get("id").asText()).get("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void rotateRefusesBadOverlapsUnknownAndInactiveTokensOtherUsersAndMissingCsrf() {
        TestHttp session = alice();
        String id = create(session, "{\"name\":\"rotate errors\"}").get("id").asText();
        TestHttp.Response bad = rotate(session, id, "{\"overlap\":\"2h\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("overlap must be one of none, 1h, 1d, was '2h'");
        assertThat(rotate(session, id, "{}").json().get("error").asText())
                .isEqualTo("overlap is required: one of none, 1h, 1d");
        assertThat(rotate(session, id, "{\"overlap\":3600}").json().get("error").asText())
                .isEqualTo("overlap must be a string: one of none, 1h, 1d");
        assertThat(rotate(session, "no-such-token", "{\"overlap\":\"none\"}").status()).isEqualTo(404);

        TestHttp bob = new TestHttp(server.uri()).login("bob", "builder-7");
        assertThat(rotate(bob, id, "{\"overlap\":\"none\"}").status()).isEqualTo(404);
        TestHttp.Response noCsrf = session.postJson("/api/tokens/" + id + "/rotate", "{\"overlap\":\"none\"}");
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(session.get("/api/tokens/" + id + "/rotate").status()).isEqualTo(405);
        assertThat(session.postJson("/api/tokens/" + id + "/x/rotate", "{}", "X-CSRF-Token", session.csrf())
                .status()).isEqualTo(404);

        assertThat(session.delete("/api/tokens/" + id, "X-CSRF-Token", session.csrf()).status()).isEqualTo(200);
        TestHttp.Response revoked = rotate(session, id, "{\"overlap\":\"none\"}");
        assertThat(revoked.status()).isEqualTo(404);
        assertThat(revoked.json().get("error").asText()).isEqualTo("Token not found or not active");
    }

    @Test
    void aTokenMayRotateItselfButNoOtherToken() {
        TestHttp session = alice();
        JsonNode self = create(session, "{\"name\":\"self rotating\"}");
        String other = create(session, "{\"name\":\"other\"}").get("id").asText();
        TestHttp api = new TestHttp(server.uri());
        String bearer = "Bearer " + self.get("token").asText();

        TestHttp.Response refused = api.postJson("/api/tokens/" + other + "/rotate", "{\"overlap\":\"none\"}",
                "Authorization", bearer);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).startsWith("A token may only rotate itself");

        TestHttp.Response rotated = api.postJson("/api/tokens/" + self.get("id").asText() + "/rotate",
                "{\"overlap\":\"1d\"}", "Authorization", bearer);
        assertThat(rotated.status()).isEqualTo(201);
        plaintexts.add(rotated.json().get("token").asText());
        assertThat(rotated.json().get("predecessor_id").asText()).isEqualTo(self.get("id").asText());
    }

    @Test
    void allowedNetworksAreListedAndAUseFromOutsideThemGets403() {
        TestHttp session = alice();
        JsonNode loopback = create(session, "{\"name\":\"loopback\",\"allowed_networks\":[\"127.0.0.0/8\"]}");
        JsonNode office = create(session, "{\"name\":\"office\",\"allowed_networks\":[\"10.0.0.0/8\", \"2001:db8::/32\"]}");
        assertThat(loopback.get("allowed_networks")).extracting(JsonNode::asText).containsExactly("127.0.0.0/8");
        assertThat(listed(session, office.get("id").asText()).get("allowed_networks")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("10.0.0.0/8", "2001:db8::/32");
        assertThat(listed(session, create(session, "{\"name\":\"anywhere\"}").get("id").asText())
                .get("allowed_networks")).isEmpty();

        TestHttp api = new TestHttp(server.uri());
        assertThat(use(api, loopback.get("token").asText()).status()).isEqualTo(200);
        TestHttp.Response refused = use(api, office.get("token").asText());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("network_not_allowed");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer realm=\"speakr\", error=\"network_not_allowed\"");
    }

    @Test
    void malformedAllowedNetworksGet400WithTheLibrarysMessage() {
        TestHttp session = alice();
        for (String block : List.of("10.0.0.300/8", "10.0.0.1/8", "example.com", "2001:db8::/129")) {
            TestHttp.Response r = session.postJson("/api/tokens",
                    "{\"name\":\"bad net\",\"allowed_networks\":[\"" + block + "\"]}", "X-CSRF-Token", session.csrf());
            assertThat(r.status()).as(block).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(block).startsWith("allowedNetworks: expected")
                    .endsWith("got '" + block + "'");
        }
        TestHttp.Response notArray = session.postJson("/api/tokens",
                "{\"name\":\"bad net\",\"allowed_networks\":\"10.0.0.0/8\"}", "X-CSRF-Token", session.csrf());
        assertThat(notArray.status()).isEqualTo(400);
        assertThat(notArray.json().get("error").asText()).isEqualTo("allowed_networks must be an array of strings");
    }

    @Test
    void theListShowsTheLastUsesAddressAndUserAgent() {
        TestHttp session = alice();
        JsonNode created = create(session, "{\"name\":\"zapier\"}");
        assertThat(use(new TestHttp(server.uri()), created.get("token").asText(), "User-Agent", "Zapier/2.0 (test)")
                .status()).isEqualTo(200);
        server.tokens().flushLastUsed();
        JsonNode listed = listed(session, created.get("id").asText());
        assertThat(listed.get("last_used_address").asText()).isEqualTo("127.0.0.1");
        assertThat(listed.get("last_used_user_agent").asText()).isEqualTo("Zapier/2.0 (test)");
        assertThat(listed.get("last_used_at").isNull()).isFalse();
    }

    @Test
    void aTokenWithinSevenDaysOfItsExpiryIsMarkedAndItsNoticeIsLoggedOnceWithoutTheToken(@TempDir Path ownData)
            throws Exception {
        ExpiryAndThrottleTest.MovableClock clock = new ExpiryAndThrottleTest.MovableClock();
        try (ExampleServer moved = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", ownData.toString()), clock)) {
            TestHttp session = new TestHttp(moved.uri()).login("alice", "wonderland-42");
            JsonNode month = create(session, "{\"name\":\"one month\",\"expires_in_days\":30}");
            JsonNode year = create(session, "{\"name\":\"one year\",\"expires_in_days\":365}");
            JsonNode never = create(session, "{\"name\":\"forever\"}");
            String id = month.get("id").asText();
            assertThat(listed(session, id).get("expires_soon").asBoolean()).isFalse();
            moved.tokens().runMaintenance();
            assertThat(notices(id)).isEmpty();

            clock.advance(java.time.Duration.ofDays(23).plusSeconds(1));
            assertThat(listed(session, id).get("expires_soon").asBoolean()).isTrue();
            assertThat(listed(session, year.get("id").asText()).get("expires_soon").asBoolean()).isFalse();
            assertThat(listed(session, never.get("id").asText()).get("expires_soon").asBoolean()).isFalse();
            moved.tokens().runMaintenance();
            moved.tokens().runMaintenance();
            List<String> notices = notices(id);
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).contains("alice", "\"one month\"",
                    month.get("expires_at").asText().substring(0, 16)).doesNotContain(month.get("token").asText());
            assertThat(notices(year.get("id").asText())).isEmpty();
        }
    }

    private List<String> notices(String tokenId) {
        return logs.list.stream()
                .filter(event -> event.getLoggerName().equals(ExpiryNotices.class.getName()))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains(tokenId))
                .toList();
    }
}
