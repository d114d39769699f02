package org.speakr.token.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.speakr.token.core.internal.SettingValues;

/** {@link VerificationKeys#fromUrl}: fetched with the JDK's HTTP client, cached, refreshed when old or asked. */
final class UrlVerificationKeys extends RefreshingKeys {
    /** A cached copy older than this is fetched again at the next report, so a withdrawn key stops working. */
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI document;
    private final HttpClient client;
    /** When the last fetch started, or null before the first. */
    private volatile Instant fetchedAt;

    UrlVerificationKeys(URI document, Clock clock, Duration minRefreshInterval) {
        super(clock, minRefreshInterval);
        Objects.requireNonNull(document, "document");
        String scheme = document.getScheme() == null ? "" : document.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw SettingValues.invalid("document", "an http or https URL", document);
        }
        this.document = document;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    byte[] read() throws IOException {
        fetchedAt = clock().instant();
        HttpRequest request = HttpRequest.newBuilder(document).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(KeyDocument.MAX_BYTES + 1);
            if (bytes.length > KeyDocument.MAX_BYTES) {
                throw new IOException("larger than " + KeyDocument.MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    @Override
    boolean outdated() {
        Instant at = fetchedAt;
        return at != null && !clock().instant().isBefore(at.plus(MAX_AGE));
    }

    @Override
    String source() {
        return document.toString();
    }
}
