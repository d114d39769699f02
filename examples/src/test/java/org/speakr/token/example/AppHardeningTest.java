package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.testkit.MutableClock;

/**
 * The example's own defences, each on a server of its own (login throttles keep state): TRACE, caching, login
 * CSRF, login backoff and the bound on password checks, slow request bodies, and {@code --behind-proxy}.
 */
class AppHardeningTest {
    static final Map<String, String> ALICE = Map.of("username", "alice", "password", "wonderland-42");

    @TempDir
    Path dataDir;

    ExampleServer start(MutableClock clock, String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(flags));
        return ExampleServer.start(Options.parse(args.toArray(String[]::new)), clock);
    }

    static MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    }

    static Map<String, String> login(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    // ---- 7: TRACE --------------------------------------------------------------------------------------------

    @Test
    void item7TraceIsRefusedWith405OnEveryPathAndEchoesNothing() throws Exception {
        try (ExampleServer server = start(clock())) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            String token = alice.createToken("{\"name\":\"trace\"}").get("token").asText();
            for (String path : List.of("/", "/login", "/account", "/static/app.css", "/static/account.js",
                    "/api/recordings", "/api/tokens", "/nothing")) {
                TestHttp.Response trace = alice.send("TRACE", path, null, "X-API-Token", token,
                        "Authorization", "Bearer " + token);
                assertThat(trace.status()).as("TRACE " + path).isEqualTo(405);
                assertThat(trace.header("Allow")).doesNotContain("TRACE");
                assertThat(trace.body()).isEqualTo("{\"error\":\"Method not allowed\"}")
                        .doesNotContain(token).doesNotContain("speakr_session");
            }
        }
    }

    @Test
    void item7OptionsDoesNotAdvertiseTrace() throws Exception {
        try (ExampleServer server = start(clock())) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            for (String path : List.of("/", "/login", "/account", "/static/app.css", "/api/recordings",
                    "/api/tokens", "/api/session")) {
                TestHttp.Response options = alice.send("OPTIONS", path, null);
                assertThat(options.status()).as("OPTIONS " + path).isLessThan(500);
                if (options.header("Allow") != null) {
                    assertThat(options.header("Allow")).as("Allow of OPTIONS " + path)
                            .isNotBlank().doesNotContain("TRACE");
                }
            }
        }
    }

    // ---- 6: no-store -----------------------------------------------------------------------------------------

    @Test
    void item6PagesAndEveryAnswerWithTokenDataAreNoStore() throws Exception {
        try (ExampleServer server = start(clock())) {
            TestHttp alice = new TestHttp(server.uri()).login("alice", "wonderland-42");
            TestHttp.Response created = alice.postJson("/api/tokens", "{\"name\":\"cache\"}",
                    "X-CSRF-Token", alice.csrf());
            assertThat(created.status()).isEqualTo(201);
            String token = created.json().get("token").asText();
            List<TestHttp.Response> answers = List.of(created, alice.get("/account"), alice.get("/"),
                    new TestHttp(server.uri()).get("/"), alice.get("/api/tokens"), alice.get("/api/session"),
                    alice.get("/api/recordings", "X-API-Token", token), alice.get("/api/tags?token=" + token),
                    alice.get("/no/such/page"),
                    new TestHttp(server.uri()).postForm("/login", login("alice", "wrong")));
            for (TestHttp.Response answer : answers) {
                assertThat(answer.header("Cache-Control")).as(answer.toString()).contains("no-store");
            }
            // Static files hold no token data: they may be kept, revalidated on each use.
            assertThat(alice.get("/static/account.js").header("Cache-Control")).isEqualTo("no-cache");
        }
    }

    // ---- 10: login CSRF --------------------------------------------------------------------------------------

    @Test
    void item10LoginFromAnotherSiteIsRefusedWith403BeforeAnyPasswordCheck() throws Exception {
        try (ExampleServer server = start(clock())) {
            String self = "http://" + server.uri().getHost() + ":" + server.uri().getPort();
            TestHttp http = new TestHttp(server.uri());
            for (String[] header : List.of(new String[] {"Origin", "https://evil.example"},
                    new String[] {"Origin", "null"},
                    new String[] {"Origin", "http://" + server.uri().getHost() + ":1"},
                    new String[] {"Referer", "https://evil.example/login"},
                    new String[] {"Referer", "not a url"})) {
                TestHttp.Response r = http.postForm("/login", ALICE, header[0], header[1]);
                assertThat(r.status()).as(String.join(": ", header)).isEqualTo(403);
                assertThat(r.header("Set-Cookie")).isNull();
            }
            TestHttp.Response json = http.postForm("/login", ALICE, "Origin", "https://evil.example",
                    "Accept", "application/json");
            assertThat(json.json().get("error").asText()).isEqualTo("Cross-site login refused");
            // The page's own form, and a client that sends neither header (curl).
            assertThat(http.postForm("/login", ALICE, "Origin", self).status()).isEqualTo(303);
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE, "Referer", self + "/").status())
                    .isEqualTo(303);
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE).status()).isEqualTo(303);
            // The pages' referrer policy lets the browser send the real Origin on the form's POST.
            assertThat(http.get("/").header("Referrer-Policy")).isEqualTo("same-origin");
        }
    }

    // ---- 3: login throttle and bounded password checks ------------------------------------------------------

    @Test
    void item3FailedLoginsBackOffPerUsernameThenTheRightPasswordWaitsToo() throws Exception {
        MutableClock clock = clock();
        try (ExampleServer server = start(clock)) {
            TestHttp http = new TestHttp(server.uri());
            for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_USERNAME; i++) {
                assertThat(http.postForm("/login", login("alice", "guess-" + i)).status()).isEqualTo(401);
            }
            TestHttp.Response throttled = http.postForm("/login", ALICE);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.header("Retry-After")).isEqualTo("1");
            assertThat(throttled.header("Set-Cookie")).isNull();
            assertThat(throttled.body()).contains("Too many failed logins, retry later.");
            // The same name in other letter case is the same account to the throttle.
            assertThat(http.postForm("/login", login("ALICE", "x"), "Accept", "application/json").json()
                    .get("error").asText()).isEqualTo("Too many failed logins, retry later");
            // Another user is not affected.
            assertThat(new TestHttp(server.uri()).postForm("/login", login("bob", "builder-7")).status())
                    .isEqualTo(303);

            clock.advance(Duration.ofSeconds(1));
            assertThat(http.postForm("/login", login("alice", "guess-again")).status()).isEqualTo(401);
            // Each further failure doubles the wait.
            assertThat(http.postForm("/login", ALICE).header("Retry-After")).isEqualTo("2");
            clock.advance(Duration.ofSeconds(2));
            assertThat(http.postForm("/login", ALICE).status()).isEqualTo(303);
            // A success clears the user name's failures.
            assertThat(new TestHttp(server.uri()).postForm("/login", login("alice", "typo")).status())
                    .isEqualTo(401);
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE).status()).isEqualTo(303);
        }
    }

    @Test
    void item3FailedLoginsBackOffPerAddressAcrossUserNames() throws Exception {
        MutableClock clock = clock();
        try (ExampleServer server = start(clock)) {
            TestHttp http = new TestHttp(server.uri());
            for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
                assertThat(http.postForm("/login", login("user" + i, "x")).status()).isEqualTo(401);
            }
            TestHttp.Response bob = http.postForm("/login", login("bob", "builder-7"), "Accept", "application/json");
            assertThat(bob.status()).isEqualTo(429);
            assertThat(bob.header("Retry-After")).isEqualTo("1");
            clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
            assertThat(http.postForm("/login", login("bob", "builder-7")).status()).isEqualTo(303);
        }
    }

    @Test
    void item3LoginBeyondTheConcurrentPasswordChecksIs503AtOnceNotQueued() throws Exception {
        try (ExampleServer server = start(clock())) {
            var checks = server.loginThrottle().verifications();
            checks.acquire(LoginThrottle.MAX_CONCURRENT_VERIFICATIONS);
            try {
                TestHttp.Response busy = new TestHttp(server.uri()).postForm("/login", ALICE,
                        "Accept", "application/json");
                assertThat(busy.status()).isEqualTo(503);
                assertThat(busy.header("Retry-After")).isEqualTo("1");
                assertThat(busy.json().get("error").asText()).isEqualTo("Too many logins at once, retry shortly");
            } finally {
                checks.release(LoginThrottle.MAX_CONCURRENT_VERIFICATIONS);
            }
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE).status()).isEqualTo(303);
            // Every check returned its permit, failed ones and database errors included.
            assertThat(new TestHttp(server.uri()).postForm("/login", login("alice", "x")).status()).isEqualTo(401);
            assertThat(checks.availablePermits()).isEqualTo(LoginThrottle.MAX_CONCURRENT_VERIFICATIONS);
        }
    }

    // ---- 11: slow request bodies -----------------------------------------------------------------------------

    @Test
    void item11TricklingLoginBodyIsCutOffBeforeItEnds() throws Exception {
        try (ExampleServer server = start(clock())) {
            String body = "username=alice&password=wonderland-42&padding=" + "x".repeat(60);
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
                socket.setSoTimeout(200);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /login HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bytes.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                StringBuilder answer = new StringBuilder();
                int sent = 0;
                boolean closed = false;
                // One byte about every 200 ms (the read timeout paces it): far below the minimum data rate.
                while (sent < bytes.length && answer.isEmpty() && !closed) {
                    try {
                        out.write(bytes[sent]);
                        out.flush();
                        sent++;
                    } catch (SocketException reset) {
                        closed = true;
                        break;
                    }
                    try {
                        byte[] buffer = new byte[4096];
                        int n = in.read(buffer);
                        if (n < 0) {
                            closed = true;
                        } else {
                            answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        }
                    } catch (java.net.SocketTimeoutException stillWaiting) {
                        // nothing yet
                    } catch (SocketException reset) {
                        closed = true;
                    }
                }
                assertThat(sent).as("bytes of the body sent before the server ended the request")
                        .isLessThan(bytes.length);
                assertThat(answer.toString()).doesNotContain("303").doesNotContain("Set-Cookie");
                if (!answer.isEmpty()) {
                    assertThat(answer.toString()).startsWith("HTTP/1.1 4").doesNotContain("Exception");
                }
            }
            // The server still answers others.
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE).status()).isEqualTo(303);
        }
    }

    // ---- 2: --behind-proxy -----------------------------------------------------------------------------------

    @Test
    void item2BehindProxyCountsFailuresPerForwardedClientAndSeesThePublicOrigin() throws Exception {
        try (ExampleServer server = start(clock(), "--behind-proxy")) {
            TestHttp http = new TestHttp(server.uri());
            for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
                assertThat(http.postForm("/login", login("user" + i, "x"), "X-Forwarded-For", "203.0.113.7")
                        .status()).isEqualTo(401);
            }
            assertThat(http.postForm("/login", ALICE, "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(429);
            // Another client behind the same proxy (the same TCP peer) logs in.
            assertThat(http.postForm("/login", ALICE, "X-Forwarded-For", "198.51.100.2").status()).isEqualTo(303);
            // The public origin is the forwarded one.
            assertThat(new TestHttp(server.uri()).postForm("/login", ALICE, "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "speakr.example", "Origin", "https://speakr.example").status())
                    .isEqualTo(303);
        }
        try (ExampleServer direct = start(clock())) {
            // Without the flag the headers are not believed: all 21 attempts come from the one peer.
            TestHttp http = new TestHttp(direct.uri());
            for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
                http.postForm("/login", login("user" + i, "x"), "X-Forwarded-For", "203.0.113." + i);
            }
            assertThat(http.postForm("/login", ALICE, "X-Forwarded-For", "198.51.100.2").status()).isEqualTo(429);
        }
    }
}
