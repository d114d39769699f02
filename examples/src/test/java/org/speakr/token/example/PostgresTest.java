package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole stack on a real PostgreSQL (embedded, from Maven), configured through {@code --db-url}. */
class PostgresTest {
    @TempDir
    Path unusedDataDir;

    @Test
    void wholeStackRunsOnPostgresqlThroughDbUrl() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        boolean running = true;
        try {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Options options = Options.parse("--port", "0", "--data-dir", unusedDataDir.toString(),
                    "--db-url", url, "--db-user", "postgres", "--db-password", "postgres");
            String token;
            String tokenId;
            try (ExampleServer server = ExampleServer.start(options)) {
                TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
                JsonNode created = alice.createToken("{\"name\":\"postgres\",\"expires_in_days\":7,"
                        + "\"scopes\":[\"recordings:read\"]}");
                token = created.get("token").asText();
                tokenId = created.get("id").asText();
                TestHttp api = new TestHttp(server.uri());
                TestHttp.Response page = api.get("/api/recordings?page=2&per_page=20", "Authorization",
                        "Bearer " + token);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.json().get("pagination").toString()).isEqualTo("{\"page\":2,\"per_page\":20,"
                        + "\"total\":42,\"total_pages\":3,\"has_next\":true,\"has_prev\":true}");
                assertThat(page.json().get("recordings").get(0).get("id").asLong()).isEqualTo(22);
                JsonNode transcript = api.get("/api/recordings/3/transcript?token=" + token).json();
                assertThat(transcript.get("segments").size()).isBetween(4, 8);
                assertThat(api.get("/api/recordings/43", "API-Token", token).status()).isEqualTo(403);
                assertThat(api.get("/api/tags", "API-Token", token).status()).isEqualTo(403);
                assertThat(alice.get("/api/tags").json().get("tags")).hasSize(5);
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(last_used_at) IS NOT NULL"
                            + " FROM speakr_api_tokens")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getBoolean(2)).as("last-used flushed on close").isTrue();
            }
            try (ExampleServer again = ExampleServer.start(options)) {
                TestHttp api = new TestHttp(again.uri());
                TestHttp.Response r = api.get("/api/recordings", "X-API-Token", token);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().get("pagination").get("total").asInt()).isEqualTo(42);
                TestHttp alice = new TestHttp(again.uri()).login("alice", "wonderland-42");
                assertThat(alice.get("/api/tokens").body()).contains(tokenId);

                // The database goes away: every call answers 503 with Retry-After, as JSON without details.
                String unused = alice.createToken("{\"name\":\"never seen by the cache\"}").get("token").asText();
                postgres.close();
                running = false;
                TestHttp.Response unavailable = api.get("/api/tags", "Authorization", "Bearer " + unused);
                assertThat(unavailable.status()).isEqualTo(503);
                assertThat(unavailable.json().get("error").asText()).isEqualTo("temporarily_unavailable");
                assertThat(unavailable.header("Retry-After")).isEqualTo("5");
                TestHttp.Response failed = alice.get("/api/recordings");
                assertThat(failed.status()).isEqualTo(503);
                assertThat(failed.header("Retry-After")).isEqualTo("5");
                assertThat(failed.body()).isEqualTo("{\"error\":\"Database unavailable, retry later\"}");
                TestHttp.Response login = new TestHttp(again.uri()).postForm("/login",
                        java.util.Map.of("username", "bob", "password", "builder-7"));
                assertThat(login.status()).isEqualTo(503);
                assertThat(login.body()).isEqualTo("{\"error\":\"Database unavailable, retry later\"}");
            }
        } finally {
            if (running) {
                postgres.close();
            }
        }
    }
}
