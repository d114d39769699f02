package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token expiry on a moved clock, and the filter's failure throttling, end to end. */
class ExpiryAndThrottleTest {
    @TempDir
    Path dataDir;

    /** A clock the test moves forward; no sleeping. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration duration) {
            now.updateAndGet(i -> i.plus(duration));
        }
    }

    @Test
    void tokenPastItsExpiryIsListedExpiredAndRefusedWith401() throws Exception {
        MovableClock clock = new MovableClock();
        try (ExampleServer server = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", dataDir.toString()), clock)) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            JsonNode week = alice.createToken("{\"name\":\"one week\",\"expires_in_days\":7}");
            JsonNode never = alice.createToken("{\"name\":\"forever\",\"expires_in_days\":0}");
            TestHttp api = new TestHttp(server.uri());
            String token = week.get("token").asText();
            assertThat(api.get("/api/tags", "X-API-Token", token).status()).isEqualTo(200);

            clock.advance(Duration.ofDays(7).minusSeconds(1));
            assertThat(api.get("/api/tags", "X-API-Token", token).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            TestHttp.Response expired = api.get("/api/tags", "X-API-Token", token);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().get("error").asText()).isEqualTo("invalid_token");
            assertThat(expired.json().get("error_description").asText()).isEqualTo("The token has expired");
            assertThat(api.get("/api/tags", "X-API-Token", never.get("token").asText()).status()).isEqualTo(200);

            for (JsonNode t : alice.get("/api/tokens").json().get("tokens")) {
                String expected = t.get("id").asText().equals(week.get("id").asText()) ? "EXPIRED" : "ACTIVE";
                assertThat(t.get("status").asText()).as(t.get("name").asText()).isEqualTo(expected);
            }
        }
    }

    @Test
    void twentyRejectedTokensFromOneClientThen429() throws Exception {
        try (ExampleServer server = ExampleServer.start(
                Options.parse("--port", "0", "--data-dir", dataDir.toString()))) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            String good = alice.createToken("{\"name\":\"good\"}").get("token").asText();
            String bad = good.substring(0, 8) + (good.charAt(8) == 'A' ? 'B' : 'A') + good.substring(9);
            TestHttp api = new TestHttp(server.uri());
            for (int i = 0; i < 20; i++) {
                assertThat(api.get("/api/tags", "Authorization", "Bearer " + bad).status()).as("attempt " + i)
                        .isEqualTo(401);
            }
            TestHttp.Response throttled = api.get("/api/tags", "Authorization", "Bearer " + good);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().get("error").asText()).isEqualTo("too_many_requests");
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
            // A logged-in session sends no token, so it is not throttled.
            assertThat(alice.get("/api/tags").status()).isEqualTo(200);
        }
    }
}
