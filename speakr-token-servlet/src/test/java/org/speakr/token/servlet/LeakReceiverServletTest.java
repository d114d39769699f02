package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.TokenInfo;

/**
 * {@link GitHubSecretScanningServlet} and {@link GitLabTokenRevocationServlet} in a real Jetty, over a real
 * {@link ApiTokens} and in-memory store, with locally generated P-256 keys in a key document file. Every answer
 * and log line also passes the log-leak canary ({@code CanaryHandler} around the server).
 */
class LeakReceiverServletTest {
    private static final KeyPair PARTNER = PartnerKeys.p256();
    private static final KeyPair STRANGER = PartnerKeys.p256();
    private static final String KEY_ID = "4fe6b016179b74078ade7581abf4e84fb398c6fae4fb973972235b84fcd70ca3";
    private static final String GITHUB = "/leaks/github";
    private static final String GITLAB = "/leaks/gitlab";

    private final RecordingStore store = new RecordingStore();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private ApiTokens tokens;
    private TestServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).eventListener(events::add)
                .build();
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, PartnerKeys.document(KEY_ID, PARTNER));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new GitHubSecretScanningServlet(tokens, VerificationKeys.fromFile(keys))),
                GITHUB);
        context.addServlet(new ServletHolder(new GitLabTokenRevocationServlet(tokens, VerificationKeys.fromFile(keys))),
                GITLAB);
        server = TestServer.start(context);
    }

    @AfterEach
    void stop() {
        server.close();
        tokens.close();
    }

    private String newToken(String owner) {
        return tokens.create(owner, "ci", Expiration.after(Duration.ofDays(30))).token().reveal();
    }

    private boolean valid(String token) {
        return tokens.authenticate(token) instanceof AuthenticationResult.Authenticated;
    }

    private static String githubReport(String... tokens) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < tokens.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"token\":\"").append(tokens[i])
                    .append("\",\"type\":\"speakr_api_token\",\"url\":\"https://github.com/o/r/blob/abc/ci.yml\","
                            + "\"source\":\"content\"}");
        }
        return json.append(']').toString();
    }

    private static String gitlabReport(String... tokens) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < tokens.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\":\"speakr_api_token\",\"token\":\"").append(tokens[i])
                    .append("\",\"url\":\"https://gitlab.com/g/p/-/blob/main/.env\"}");
        }
        return json.append(']').toString();
    }

    private Answer github(byte[] body, String keyId, String signature) {
        return record(post(GITHUB, "Github", body, keyId, signature));
    }

    private Answer gitlab(byte[] body, String keyId, String signature) {
        return record(post(GITLAB, "Gitlab", body, keyId, signature));
    }

    private Answer post(String path, String prefix, byte[] body, String keyId, String signature) {
        List<String> headers = new ArrayList<>();
        if (keyId != null) {
            headers.add(prefix + "-Public-Key-Identifier");
            headers.add(keyId);
        }
        if (signature != null) {
            headers.add(prefix + "-Public-Key-Signature");
            headers.add(signature);
        }
        return PartnerKeys.post(server.uri(path), body, headers.toArray(String[]::new));
    }

    /**
     * An unsigned report is refused before its body is needed; the body is still read, or the container would
     * close the connection under a client that sends its next request on it (JDK 17's HttpClient once saw no answer
     * at all in CI). Written by hand on one socket, the body after a pause, as a client writing them apart.
     */
    @Test
    void anUnsignedReportIsRefusedOnAConnectionTheClientCanGoOnUsing() throws Exception {
        java.net.URI uri = server.uri(GITHUB);
        byte[] body = githubReport("x").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int request = 1; request <= 2; request++) {
                out.write(head);
                out.flush();
                Thread.sleep(200);
                out.write(body);
                out.flush();
                assertThat(readStatusAndSkipAnswer(in)).as("answer " + request).isEqualTo("HTTP/1.1 401 Unauthorized");
            }
        }
    }

    /** @return the status line of the next answer on {@code in}, having read its header fields and body */
    private static String readStatusAndSkipAnswer(java.io.InputStream in) throws java.io.IOException {
        String status = readLine(in);
        if (status == null) {
            return "(connection closed)";
        }
        int length = 0;
        for (String field = readLine(in); field != null && !field.isEmpty(); field = readLine(in)) {
            if (field.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(field.substring(15).strip());
            }
        }
        assertThat(in.readNBytes(length)).hasSize(length);
        return status;
    }

    /** @return the next line without its end, or {@code null} at the end of the stream */
    private static String readLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private Answer record(Answer answer) {
        answers.add(answer);
        return answer;
    }

    private Answer signedGithub(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return github(body, KEY_ID, PartnerKeys.sign(PARTNER, body));
    }

    private Answer signedGitlab(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return gitlab(body, KEY_ID, PartnerKeys.sign(PARTNER, body));
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void githubWhenASignedReportNamesTokensThenExactlyThoseAreRevokedAndLabelled() throws Exception {
        String leaked1 = newToken("alice");
        String leaked2 = newToken("bob");
        String untouched = newToken("alice");
        String foreign;
        try (ApiTokens elsewhere = ApiTokens.builder().store(new org.speakr.token.core.spi.InMemoryTokenStore())
                .revocationPollInterval(Duration.ZERO).build()) {
            // Well-formed, right prefix and checksum, but issued by another service: not ours.
            foreign = elsewhere.create("mallory", "x", Expiration.never()).token().reveal();
        }
        String malformed = "spk_not-a-token";

        Answer answer = signedGithub(githubReport(leaked1, foreign, leaked2, malformed));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.body()).isEqualTo("["
                + "{\"token_hash\": \"" + sha256(leaked1) + "\", \"token_type\": \"speakr_api_token\", \"label\": \"true_positive\"}, "
                + "{\"token_hash\": \"" + sha256(foreign) + "\", \"token_type\": \"speakr_api_token\", \"label\": \"false_positive\"}, "
                + "{\"token_hash\": \"" + sha256(leaked2) + "\", \"token_type\": \"speakr_api_token\", \"label\": \"true_positive\"}, "
                + "{\"token_hash\": \"" + sha256(malformed) + "\", \"token_type\": \"speakr_api_token\", \"label\": \"false_positive\"}]");
        assertThat(tokens.authenticate(leaked1)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(tokens.authenticate(leaked2)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(valid(untouched)).isTrue();
        assertThat(tokens.list("alice")).extracting(TokenInfo::revocationReason)
                .containsExactlyInAnyOrder(RevocationReason.LEAKED, null);
        assertThat(events).filteredOn(TokenEvent.Leaked.class::isInstance).map(TokenEvent.Leaked.class::cast)
                .extracting(TokenEvent.Leaked::reporter, TokenEvent.Leaked::sourceUrl)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("github", "https://github.com/o/r/blob/abc/ci.yml"))
                .hasSize(2);
        assertThat(answer.all()).doesNotContain(leaked1, leaked2, foreign, malformed);
    }

    @Test
    void githubWhenTheSameReportComesTwiceThenTheSecondIsHarmlessAndStillLabelsTruePositive() throws Exception {
        String leaked = newToken("alice");
        String report = githubReport(leaked);

        assertThat(signedGithub(report).status()).isEqualTo(200);
        Answer again = signedGithub(report);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("\"token_hash\": \"" + sha256(leaked) + "\"", "\"label\": \"true_positive\"");
        assertThat(events).filteredOn(TokenEvent.Leaked.class::isInstance).hasSize(1);
        assertThat(valid(leaked)).isFalse();
    }

    @Test
    void githubWhenTheSignatureDoesNotVerifyThenNothingIsRevoked() {
        String leaked = newToken("alice");
        byte[] body = githubReport(leaked).getBytes(StandardCharsets.UTF_8);
        String good = PartnerKeys.sign(PARTNER, body);
        byte[] tampered = body.clone();
        tampered[tampered.length - 3] ^= 0x01;

        List<Answer> refused = List.of(
                github(body, KEY_ID, PartnerKeys.sign(STRANGER, body)),
                github(tampered, KEY_ID, good),
                github(body, "unknown-key-id", good),
                github(body, null, good),
                github(body, KEY_ID, null),
                github(body, KEY_ID, "not base64 !"),
                github(body, KEY_ID, java.util.Base64.getEncoder().encodeToString(new byte[70])),
                github(body, " ", " "));

        for (Answer answer : refused) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.body()).startsWith("{\"error\": \"invalid_signature\"");
        }
        assertThat(valid(leaked)).isTrue();
        assertThat(events).noneMatch(TokenEvent.Leaked.class::isInstance);
    }

    @Test
    void githubWhenASignedBodyIsNotAnArrayOfObjectsWithATokenThen400AndNothingRevoked() {
        String leaked = newToken("alice");
        for (String body : List.of("{\"token\":\"" + leaked + "\"}", "[\"" + leaked + "\"]",
                "[{\"token\":\"" + leaked + "\"}, {\"type\":\"x\"}]", "[{\"token\":1}]",
                "[{\"token\":\"" + leaked + "\",\"url\":[1]}]", "[{\"token\":\"" + leaked + "\"}", "")) {
            Answer answer = signedGithub(body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.body()).startsWith("{\"error\": \"invalid_request\"").doesNotContain(leaked);
        }
        assertThat(valid(leaked)).isTrue();
        assertThat(signedGithub("[]").body()).isEqualTo("[]");
    }

    @Test
    void githubWhenTheBodyIsOverOneMebibyteThen413AndNothingRevoked() {
        String leaked = newToken("alice");
        String report = githubReport(leaked);
        String padded = report.substring(0, report.length() - 1) + " ".repeat(LeakReceiver.MAX_BODY_BYTES) + "]";
        byte[] body = padded.getBytes(StandardCharsets.UTF_8);

        Answer answer = github(body, KEY_ID, PartnerKeys.sign(PARTNER, body));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(valid(leaked)).isTrue();
    }

    @Test
    void githubWhenTheStoreFailsThen503WithRetryAfterAndNever500() {
        String leaked = newToken("alice");
        store.failLookups(RecordingStore.unavailable());

        Answer answer = signedGithub(githubReport(leaked));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(answer.body()).startsWith("{\"error\": \"temporarily_unavailable\"");
        store.failLookups(null);
        assertThat(valid(leaked)).isTrue();
        assertThat(signedGithub(githubReport(leaked)).status()).isEqualTo(200);
        assertThat(valid(leaked)).isFalse();
    }

    @Test
    void githubWhenTheKeyDocumentCannotBeReadThen503WithRetryAfter() throws Exception {
        String leaked = newToken("alice");
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new GitHubSecretScanningServlet(tokens,
                VerificationKeys.fromFile(dir.resolve("missing.json")))), GITHUB);
        try (TestServer other = TestServer.start(context)) {
            byte[] body = githubReport(leaked).getBytes(StandardCharsets.UTF_8);
            Answer answer = PartnerKeys.post(other.uri(GITHUB), body, "Github-Public-Key-Identifier", KEY_ID,
                    "Github-Public-Key-Signature", PartnerKeys.sign(PARTNER, body));
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("60");
        }
        assertThat(valid(leaked)).isTrue();
    }

    @Test
    void gitlabWhenAnApplicationKeySourceThrowsThen503NotA500() throws Exception {
        String leaked = newToken("alice");
        VerificationKeys broken = keyId -> {
            throw new IllegalStateException("secret manager unreachable");
        };
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new GitLabTokenRevocationServlet(tokens, broken)), GITLAB);
        try (TestServer other = TestServer.start(context)) {
            byte[] body = gitlabReport(leaked).getBytes(StandardCharsets.UTF_8);
            Answer answer = record(PartnerKeys.post(other.uri(GITLAB), body, "Gitlab-Public-Key-Identifier", KEY_ID,
                    "Gitlab-Public-Key-Signature", PartnerKeys.sign(PARTNER, body)));
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("60");
        }
        assertThat(valid(leaked)).isTrue();
    }

    @Test
    void githubWhenFiftyReportsNameUnknownKeyIdsThenTheKeyDocumentIsFetchedOnceAndNothingRevoked() throws Exception {
        String leaked = newToken("alice");
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        byte[] document = PartnerKeys.document(KEY_ID, PARTNER).getBytes(StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer keyServer =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        keyServer.createContext("/meta/public_keys/secret_scanning", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
            exchange.close();
        });
        keyServer.start();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new GitHubSecretScanningServlet(tokens, VerificationKeys.fromUrl(
                java.net.URI.create("http://127.0.0.1:" + keyServer.getAddress().getPort()
                        + "/meta/public_keys/secret_scanning")))), GITHUB);
        try (TestServer other = TestServer.start(context)) {
            byte[] body = githubReport(leaked).getBytes(StandardCharsets.UTF_8);
            String signature = PartnerKeys.sign(PARTNER, body);
            for (int i = 0; i < 50; i++) {
                Answer answer = record(PartnerKeys.post(other.uri(GITHUB), body, "Github-Public-Key-Identifier",
                        "unknown-" + i, "Github-Public-Key-Signature", signature));
                assertThat(answer.status()).isEqualTo(401);
            }
            assertThat(fetches.get()).isEqualTo(1);
            assertThat(valid(leaked)).isTrue();
            // The key it did fetch works without another fetch.
            Answer known = record(PartnerKeys.post(other.uri(GITHUB), body, "Github-Public-Key-Identifier", KEY_ID,
                    "Github-Public-Key-Signature", signature));
            assertThat(known.status()).isEqualTo(200);
            assertThat(fetches.get()).isEqualTo(1);
        } finally {
            keyServer.stop(0);
        }
        assertThat(valid(leaked)).isFalse();
    }

    @Test
    void githubWhenNotPostThen405() {
        assertThat(TestHttp.get(server.uri(GITHUB)).status()).isEqualTo(405);
    }

    @Test
    void githubWhenABatchHasAThousandMatchesThenAllAreRevokedWellWithinThirtySeconds() {
        String[] leaked = new String[1000];
        for (int i = 0; i < leaked.length; i++) {
            leaked[i] = newToken("owner-" + (i % 50));
        }
        String untouched = newToken("owner-0");

        long started = System.nanoTime();
        Answer answer = signedGithub(githubReport(leaked));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("GitHub report of 1,000 matches (1,000 real tokens) answered in " + took.toMillis() + " ms");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        assertThat(answer.body().split("true_positive", -1)).hasSize(1001);
        assertThat(events).filteredOn(TokenEvent.Leaked.class::isInstance).hasSize(1000);
        assertThat(valid(leaked[0])).isFalse();
        assertThat(valid(leaked[999])).isFalse();
        assertThat(valid(untouched)).isTrue();
    }

    @Test
    void gitlabWhenASignedReportNamesTokensThen204AndExactlyThoseAreRevoked() {
        String leaked = newToken("alice");
        String untouched = newToken("alice");

        Answer answer = signedGitlab(gitlabReport(leaked, "glpat-xxxxxxxxxxxxxxxxxxxx"));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(valid(leaked)).isFalse();
        assertThat(valid(untouched)).isTrue();
        assertThat(events).filteredOn(TokenEvent.Leaked.class::isInstance).map(TokenEvent.Leaked.class::cast)
                .extracting(TokenEvent.Leaked::reporter).containsExactly("gitlab");
        // GitLab retries: the same request again is acknowledged the same way.
        assertThat(signedGitlab(gitlabReport(leaked, "glpat-xxxxxxxxxxxxxxxxxxxx")).status()).isEqualTo(204);
        assertThat(events).filteredOn(TokenEvent.Leaked.class::isInstance).hasSize(1);
    }

    @Test
    void gitlabWhenTheSignatureDoesNotVerifyOrTheBodyIsNotAnArrayThenNothingIsRevoked() {
        String leaked = newToken("alice");
        byte[] body = gitlabReport(leaked).getBytes(StandardCharsets.UTF_8);
        String good = PartnerKeys.sign(PARTNER, body);
        byte[] tampered = body.clone();
        tampered[5] ^= 0x20;

        assertThat(gitlab(body, KEY_ID, PartnerKeys.sign(STRANGER, body)).status()).isEqualTo(401);
        assertThat(gitlab(tampered, KEY_ID, good).status()).isEqualTo(401);
        assertThat(gitlab(body, "other", good).status()).isEqualTo(401);
        assertThat(gitlab(body, null, null).status()).isEqualTo(401);
        // Signed with the GitHub header names: not GitLab's.
        assertThat(record(post(GITLAB, "Github", body, KEY_ID, good)).status()).isEqualTo(401);
        assertThat(signedGitlab("{\"token\":\"" + leaked + "\"}").status()).isEqualTo(400);
        assertThat(valid(leaked)).isTrue();
    }

    @Test
    void gitlabWhenTheStoreFailsThen503SoGitLabRetries() {
        String leaked = newToken("alice");
        store.failLookups(new IllegalStateException("connection refused"));

        Answer answer = signedGitlab(gitlabReport(leaked));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        store.failLookups(null);
        assertThat(signedGitlab(gitlabReport(leaked)).status()).isEqualTo(204);
        assertThat(valid(leaked)).isFalse();
    }

    @AfterEach
    void noAnswerCarriesAStackTraceOrA500() {
        for (Answer answer : answers) {
            assertThat(answer.status()).isNotEqualTo(500);
            assertThat(answer.body()).doesNotContain("Exception", "\tat ");
        }
    }
}
