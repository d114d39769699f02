package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same data directory keeps the demo data, the tokens and their last-used instants. */
class RestartTest {
    @TempDir
    Path dataDir;

    static Map<String, JsonNode> tokensById(TestHttp http) {
        Map<String, JsonNode> byId = new HashMap<>();
        http.get("/api/tokens").json().get("tokens").forEach(t -> byId.put(t.get("id").asText(), t));
        return byId;
    }

    @Test
    void restartOnSameDataDirKeepsTokensAndTheirLastUsed() throws Exception {
        Options options = Options.parse("--port", "0", "--data-dir", dataDir.toString());
        String kept;
        String keptId;
        String revokedToken;
        String revokedId;
        String unusedId;
        Map<String, JsonNode> before;
        try (ExampleServer first = ExampleServer.start(options)) {
            TestHttp alice = new TestHttp(first.uri()).login("alice", "wonderland-42");
            JsonNode created = alice.createToken("{\"name\":\"survives\",\"expires_in_days\":90}");
            kept = created.get("token").asText();
            keptId = created.get("id").asText();
            JsonNode toRevoke = alice.createToken("{\"name\":\"revoked before restart\"}");
            revokedToken = toRevoke.get("token").asText();
            revokedId = toRevoke.get("id").asText();
            unusedId = alice.createToken("{\"name\":\"never used\"}").get("id").asText();
            TestHttp api = new TestHttp(first.uri());
            assertThat(api.get("/api/recordings", "Authorization", "Bearer " + kept).status()).isEqualTo(200);
            assertThat(api.get("/api/tags", "X-API-Token", revokedToken).status()).isEqualTo(200);
            assertThat(alice.delete("/api/tokens/" + revokedId, "X-CSRF-Token", alice.csrf()).status())
                    .isEqualTo(200);
            // No explicit flush: close() must write the pending last-used instants (as on SIGTERM).
            before = tokensById(alice);
            assertThat(before.get(keptId).get("last_used_at").isNull())
                    .as("written behind every %s, so not yet stored", Wiring.LAST_USED_WRITE_INTERVAL).isTrue();
        }

        try (ExampleServer second = ExampleServer.start(options)) {
            TestHttp alice = new TestHttp(second.uri()).login("alice", "wonderland-42");
            Map<String, JsonNode> after = tokensById(alice);
            assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
            JsonNode survivor = after.get(keptId);
            assertThat(survivor.get("name").asText()).isEqualTo("survives");
            assertThat(survivor.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(survivor.get("created_at")).isEqualTo(before.get(keptId).get("created_at"));
            assertThat(survivor.get("expires_at")).isEqualTo(before.get(keptId).get("expires_at"));
            assertThat(survivor.get("last_used_at").isTextual()).as("last_used_at flushed on close").isTrue();
            assertThat(after.get(revokedId).get("last_used_at").isTextual()).isTrue();
            assertThat(after.get(revokedId).get("status").asText()).isEqualTo("REVOKED");
            assertThat(after.get(unusedId).get("last_used_at").isNull()).isTrue();

            TestHttp api = new TestHttp(second.uri());
            TestHttp.Response ok = api.get("/api/recordings", "Authorization", "Bearer " + kept);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().get("pagination").get("total").asInt()).as("demo data not duplicated").isEqualTo(42);
            assertThat(api.get("/api/tags", "X-API-Token", revokedToken).status()).isEqualTo(401);
        }
    }
}
