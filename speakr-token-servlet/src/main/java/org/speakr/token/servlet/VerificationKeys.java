package org.speakr.token.servlet;

import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The public keys a partner signs its leak reports with, by key identifier: what
 * {@link GitHubSecretScanningServlet} and {@link GitLabTokenRevocationServlet} verify the
 * {@code *-Public-Key-Signature} header against. The built-in sources read the partners' key document,
 * {@code {"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----\n…", "is_current": true}]}},
 * and accept only ECDSA P-256 keys; an entry with any other key is left out.
 *
 * <pre>{@code
 * VerificationKeys github = VerificationKeys.fromUrl(VerificationKeys.GITHUB_SECRET_SCANNING_KEYS);
 * VerificationKeys gitlab = VerificationKeys.fromFile(Path.of("/etc/speakr/gitlab-keys.json"));
 * }</pre>
 *
 * <p>An application may implement it too, e.g. over a secret manager. Implementations must be thread-safe and
 * should be cheap for a known identifier: every report asks.
 */
public interface VerificationKeys {
    /** GitHub's key document for secret-scanning partners. */
    URI GITHUB_SECRET_SCANNING_KEYS = URI.create("https://api.github.com/meta/public_keys/secret_scanning");

    /** How often {@link #fromUrl(URI)} fetches its document at most, whatever the reports say: 60 s. */
    Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(60);

    /**
     * @param keyIdentifier the identifier from the report's header
     * @return the P-256 key with that identifier, or empty when there is none
     * @throws java.io.UncheckedIOException when the keys cannot be read and no earlier copy of them is known;
     *         the receivers answer 503 with {@code Retry-After}, so the partner sends the report again
     */
    Optional<ECPublicKey> find(String keyIdentifier);

    /**
     * Keys from a key document in a file, read on first use and again whenever the file's modification time or
     * size changes, or (at most once a second) when a report names an identifier it does not hold.
     *
     * @param document the file
     * @return the source
     */
    static VerificationKeys fromFile(Path document) {
        return new FileVerificationKeys(Objects.requireNonNull(document, "document"), Clock.systemUTC(),
                Duration.ofSeconds(1));
    }

    /**
     * Keys from a key document at a URL, fetched with {@link java.net.http.HttpClient} (5 s to connect, 10 s for
     * the answer, no redirects, at most 1 MiB, status 200 only) on first use and cached; fetched again when a
     * report names an unknown identifier (a partner's new key) or the copy is an hour old, but never more
     * often than every {@link #DEFAULT_MIN_REFRESH_INTERVAL}, so a flood of reports with made-up identifiers
     * costs one fetch. A failed fetch keeps the copy it has.
     *
     * @param document e.g. {@link #GITHUB_SECRET_SCANNING_KEYS}; {@code https} in production
     * @return the source
     */
    static VerificationKeys fromUrl(URI document) {
        return fromUrl(document, DEFAULT_MIN_REFRESH_INTERVAL);
    }

    /**
     * As {@link #fromUrl(URI)} with another bound on the fetch rate.
     *
     * @param document the document's URL, {@code http} or {@code https}
     * @param minRefreshInterval the least time between two fetches; positive
     * @return the source
     * @throws IllegalArgumentException for another scheme or a non-positive interval
     */
    static VerificationKeys fromUrl(URI document, Duration minRefreshInterval) {
        return new UrlVerificationKeys(document, Clock.systemUTC(), minRefreshInterval);
    }
}
