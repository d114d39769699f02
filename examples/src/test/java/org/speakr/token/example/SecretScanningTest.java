package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end on a real server started with {@code --github-scanning-keys} and {@code --gitlab-scanning-keys}: a
 * partner's signed report of a token created through the API revokes it at once, the next use is refused, and
 * its owner sees it revoked as leaked with the URL where it was found. The keys are a P-256 pair made here, written
 * as the partners' key document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretScanningTest {
    static final String KEY_ID = "speakr-test-key-1";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path keysDir;

    ExampleServer server;
    PrivateKey signer;
    PrivateKey stranger;

    @BeforeAll
    void start() throws Exception {
        KeyPair partner = p256();
        signer = partner.getPrivate();
        stranger = p256().getPrivate();
        Path document = keysDir.resolve("keys.json");
        String pem = "-----BEGIN PUBLIC KEY-----\\n"
                // Lines of 64 characters, as GitHub's document has them; "\\n" is JSON for a line break.
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(partner.getPublic().getEncoded()).replace("\n", "\\n")
                + "\\n-----END PUBLIC KEY-----\\n";
        Files.writeString(document, "{\"public_keys\": [{\"key_identifier\": \"" + KEY_ID + "\", \"key\": \"" + pem
                + "\", \"is_current\": true}]}");
        server = ExampleServer.start(Options.parse("--port", "0", "--data-dir", dataDir.toString(),
                "--github-scanning-keys", document.toString(), "--gitlab-scanning-keys", document.toString()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String sign(PrivateKey key, String body) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    TestHttp anonymous() {
        return new TestHttp(server.uri());
    }

    TestHttp alice() {
        return anonymous().login("alice", "wonderland-42");
    }

    @Test
    void signedGitHubReportRevokesTheTokenAndTheOwnerSeesWhereItWasFound() throws Exception {
        TestHttp alice = alice();
        JsonNode created = alice.createToken("{\"name\":\"committed by mistake\",\"expires_in_days\":90}");
        String token = created.get("token").asText();
        String id = created.get("id").asText();
        assertThat(anonymous().get("/api/recordings", "Authorization", "Bearer " + token).status()).isEqualTo(200);
        String url = "https://github.com/alice/notes/blob/3f2a9c1/.env";
        String body = "[{\"token\":\"" + token + "\",\"type\":\"speakr_api_token\",\"url\":\"" + url
                + "\",\"source\":\"content\"}]";

        TestHttp.Response report = anonymous().postJson("/api/secret-scanning/github", body,
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(signer, body));

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        JsonNode feedback = report.json().get(0);
        assertThat(feedback.get("label").asText()).isEqualTo("true_positive");
        assertThat(feedback.get("token_type").asText()).isEqualTo("speakr_api_token");
        assertThat(feedback.get("token_hash").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
        assertThat(report.body()).doesNotContain(token);

        TestHttp.Response refused = anonymous().get("/api/recordings", "Authorization", "Bearer " + token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        // What the page renders: the token listed revoked as leaked, and where it was found.
        JsonNode listed = LeakResponseTest.tokenById(alice.get("/api/tokens?per_page=100").json(), id);
        assertThat(listed.get("status").asText()).isEqualTo("REVOKED");
        assertThat(listed.get("revocation_reason").asText()).isEqualTo("LEAKED");
        JsonNode leak = LeakResponseTest.leakById(alice.get("/api/tokens/leaks").json(), id);
        assertThat(leak.get("reporter").asText()).isEqualTo("github");
        assertThat(leak.get("source_url").asText()).isEqualTo(url);

        // GitHub may send it again: still a true positive, nothing new.
        TestHttp.Response again = anonymous().postJson("/api/secret-scanning/github", body,
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(signer, body));
        assertThat(again.json().get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(LeakResponseTest.leakIds(alice.get("/api/tokens/leaks").json())).containsOnlyOnce(id);
    }

    @Test
    void gitHubReportOfSomethingElseIsAFalsePositive() throws Exception {
        String body = "[{\"token\":\"spk_not_one_of_ours\",\"type\":\"speakr_api_token\",\"url\":\"https://x.example\"}]";
        TestHttp.Response report = anonymous().postJson("/api/secret-scanning/github", body,
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(signer, body));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get(0).get("label").asText()).isEqualTo("false_positive");
    }

    @Test
    void reportsNotSignedByThePartnerRevokeNothing() throws Exception {
        String token = alice().createToken("{\"name\":\"still fine\"}").get("token").asText();
        String body = "[{\"token\":\"" + token + "\",\"type\":\"speakr_api_token\",\"url\":\"https://x.example\"}]";

        TestHttp http = anonymous();
        TestHttp.Response unsigned = http.postJson("/api/secret-scanning/github", body);
        TestHttp.Response otherKey = http.postJson("/api/secret-scanning/github", body,
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(stranger, body));
        TestHttp.Response unknownId = http.postJson("/api/secret-scanning/github", body,
                "Github-Public-Key-Identifier", "no-such-key", "Github-Public-Key-Signature", sign(signer, body));
        TestHttp.Response changedBody = http.postJson("/api/secret-scanning/github", body + " ",
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(signer, body));
        TestHttp.Response gitlabWithGithubHeaders = http.postJson("/api/secret-scanning/gitlab", body,
                "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(signer, body));

        for (TestHttp.Response r : new TestHttp.Response[] {unsigned, otherKey, unknownId, changedBody,
                gitlabWithGithubHeaders}) {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
        }
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void signedGitLabRequestRevokesTheToken() throws Exception {
        TestHttp alice = alice();
        JsonNode created = alice.createToken("{\"name\":\"in a public project\"}");
        String token = created.get("token").asText();
        String url = "https://gitlab.com/alice/notes/-/blob/main/ci.yml";
        String body = "[{\"type\":\"speakr_api_token\",\"token\":\"" + token + "\",\"url\":\"" + url + "\"}]";

        TestHttp.Response request = anonymous().postJson("/api/secret-scanning/gitlab", body,
                "Gitlab-Public-Key-Identifier", KEY_ID, "Gitlab-Public-Key-Signature", sign(signer, body));

        assertThat(request.status()).as(request.toString()).isEqualTo(204);
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(401);
        JsonNode leak = LeakResponseTest.leakById(alice.get("/api/tokens/leaks").json(), created.get("id").asText());
        assertThat(leak.get("reporter").asText()).isEqualTo("gitlab");
        assertThat(leak.get("source_url").asText()).isEqualTo(url);
    }

    @Test
    void publicRevokeEndpointRevokesWithoutSayingWhatItFound() {
        TestHttp alice = alice();
        JsonNode created = alice.createToken("{\"name\":\"seen in a screenshot\"}");
        String token = created.get("token").asText();

        TestHttp.Response revoked = anonymous().postJson("/api/credentials/revoke",
                "{\"credentials\":[\"" + token + "\"]}");
        TestHttp.Response nothing = anonymous().postJson("/api/credentials/revoke",
                "{\"credentials\":[\"spk_whatever\"]}");

        assertThat(revoked.status()).isEqualTo(202);
        assertThat(nothing.status()).isEqualTo(202);
        assertThat(revoked.body()).isEqualTo(nothing.body());
        assertThat(anonymous().get("/api/tags", "Authorization", "Bearer " + token).status()).isEqualTo(401);
        JsonNode listed = LeakResponseTest.tokenById(alice.get("/api/tokens?per_page=100").json(),
                created.get("id").asText());
        assertThat(listed.get("revocation_reason").asText()).isEqualTo("LEAKED");
        JsonNode leak = LeakResponseTest.leakById(alice.get("/api/tokens/leaks").json(), created.get("id").asText());
        assertThat(leak.get("reporter").asText()).isEqualTo("public");
        assertThat(leak.get("source_url").isNull()).isTrue();
        assertThat(anonymous().postJson("/api/credentials/revoke", "{\"credentials\":[]}").status()).isEqualTo(400);
    }
}
