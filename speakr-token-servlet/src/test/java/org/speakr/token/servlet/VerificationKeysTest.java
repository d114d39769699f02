package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.testkit.MutableClock;

/** Key sources: a key document in a file and at a URL (a local JDK HTTP server that counts its fetches). */
class VerificationKeysTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final KeyPair KEY_A = PartnerKeys.p256();
    private static final KeyPair KEY_B = PartnerKeys.p256();

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    @TempDir
    Path dir;

    private URI serve(String document) throws Exception {
        served.set(document);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fromUrlWhenTheKeyIsKnownThenItIsServedFromTheCacheWithoutAnotherFetch() throws Exception {
        UrlVerificationKeys keys = new UrlVerificationKeys(serve(PartnerKeys.document("a", KEY_A)), clock,
                Duration.ofSeconds(60));

        assertThat(keys.find("a")).contains((java.security.interfaces.ECPublicKey) KEY_A.getPublic());
        for (int i = 0; i < 20; i++) {
            assertThat(keys.find("a")).isPresent();
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void fromUrlWhenFiftyRequestsNameUnknownKeysThenOneRefreshNotOnePerRequest() throws Exception {
        UrlVerificationKeys keys = new UrlVerificationKeys(serve(PartnerKeys.document("a", KEY_A)), clock,
                Duration.ofSeconds(60));
        assertThat(keys.find("a")).isPresent();
        clock.advance(Duration.ofSeconds(61));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> found = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "made-up-" + i;
                found.add(pool.submit(() -> keys.find(id).isPresent()));
            }
            for (Future<Boolean> f : found) {
                assertThat(f.get()).isFalse();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(fetches.get()).isEqualTo(2);
        // Still within the interval: another flood costs nothing.
        for (int i = 0; i < 50; i++) {
            assertThat(keys.find("again-" + i)).isEmpty();
        }
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void fromUrlWhenThePartnerAddsAKeyThenTheFirstReportNamingItRefreshesOnceAndFindsIt() throws Exception {
        UrlVerificationKeys keys = new UrlVerificationKeys(serve(PartnerKeys.document("a", KEY_A)), clock,
                Duration.ofSeconds(60));
        assertThat(keys.find("a")).isPresent();
        Map<String, KeyPair> both = new LinkedHashMap<>();
        both.put("b", KEY_B);
        both.put("a", KEY_A);
        served.set(PartnerKeys.document(both));
        clock.advance(Duration.ofSeconds(61));

        assertThat(keys.find("b")).contains((java.security.interfaces.ECPublicKey) KEY_B.getPublic());
        assertThat(keys.find("a")).isPresent();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void fromUrlWhenTheCopyIsAnHourOldThenItIsFetchedAgainAndAWithdrawnKeyStopsWorking() throws Exception {
        UrlVerificationKeys keys = new UrlVerificationKeys(serve(PartnerKeys.document("a", KEY_A)), clock,
                Duration.ofSeconds(60));
        assertThat(keys.find("a")).isPresent();
        served.set(PartnerKeys.document("b", KEY_B));
        clock.advance(UrlVerificationKeys.MAX_AGE);

        assertThat(keys.find("a")).isEmpty();
        assertThat(keys.find("b")).isPresent();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void fromUrlWhenAFetchFailsThenTheEarlierCopyIsKeptAndWithoutOneTheFailureIsThrown() throws Exception {
        UrlVerificationKeys keys = new UrlVerificationKeys(serve(PartnerKeys.document("a", KEY_A)), clock,
                Duration.ofSeconds(60));
        assertThat(keys.find("a")).isPresent();
        status.set(500);
        clock.advance(Duration.ofSeconds(61));
        assertThat(keys.find("unknown")).isEmpty();
        assertThat(keys.find("a")).isPresent();
        assertThat(fetches.get()).isEqualTo(2);

        UrlVerificationKeys never = new UrlVerificationKeys(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/keys"), clock, Duration.ofSeconds(60));
        assertThatThrownBy(() -> never.find("a")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no verification keys read from");
        // The failure is not retried per request either.
        assertThatThrownBy(() -> never.find("a")).isInstanceOf(UncheckedIOException.class);
        assertThat(fetches.get()).isEqualTo(3);
    }

    @Test
    void keyDocumentAcceptsOnlyP256KeysAndLeavesOutTheRest() throws Exception {
        KeyPair p384 = PartnerKeys.generate("secp384r1");
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        keys.put("p256", KEY_A);
        keys.put("p384", p384);
        String document = PartnerKeys.document(keys).replace("]}",
                ", {\"key_identifier\": \"junk\", \"key\": \"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"},"
                        + " {\"key_identifier\": \"no-key\"}, \"not an object\"]}");

        Map<String, java.security.interfaces.ECPublicKey> read =
                KeyDocument.read(document.getBytes(StandardCharsets.UTF_8), "test");

        assertThat(read).containsOnlyKeys("p256");
        assertThatThrownBy(() -> EcKeys.parsePem(PartnerKeys.pem(p384))).hasMessage("not a P-256 key");
        assertThatThrownBy(() -> KeyDocument.read("{\"keys\": []}".getBytes(StandardCharsets.UTF_8), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no public_keys array");
        assertThatThrownBy(() -> KeyDocument.read("[".getBytes(StandardCharsets.UTF_8), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }

    @Test
    void fromFileWhenTheFileChangesThenItIsReadAgainAtOnce() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, PartnerKeys.document("a", KEY_A));
        VerificationKeys keys = VerificationKeys.fromFile(file);
        assertThat(keys.find("a")).isPresent();
        assertThat(keys.find("b")).isEmpty();

        Files.writeString(file, PartnerKeys.document("b", KEY_B));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(keys.find("b")).contains((java.security.interfaces.ECPublicKey) KEY_B.getPublic());
        assertThat(keys.find("a")).isEmpty();
    }

    @Test
    void fromFileWhenTheFileIsMissingOrBrokenThenTheFailureIsThrownAndAnEarlierCopyKept() throws Exception {
        Path file = dir.resolve("keys.json");
        assertThatThrownBy(() -> VerificationKeys.fromFile(file).find("a")).isInstanceOf(UncheckedIOException.class);

        Files.writeString(file, PartnerKeys.document("a", KEY_A));
        FileVerificationKeys keys = new FileVerificationKeys(file, clock, Duration.ofSeconds(1));
        assertThat(keys.find("a")).isPresent();
        Files.writeString(file, "{broken");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(keys.find("a")).isPresent();
    }

    @Test
    void fromUrlRefusesOtherSchemesAndAZeroInterval() {
        assertThatThrownBy(() -> VerificationKeys.fromUrl(URI.create("file:///etc/keys.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("document: expected an http or https URL, got 'file:///etc/keys.json'");
        assertThatThrownBy(() -> VerificationKeys.fromUrl(VerificationKeys.GITHUB_SECRET_SCANNING_KEYS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minRefreshInterval: expected a positive duration, got 'PT0S'");
    }
}
