package org.speakr.token.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cached key document that is read again when its source says it changed, or when an unknown identifier is
 * asked for; reads of the second kind (and every retry after a failed read) are at most one per
 * {@code minRefreshInterval}, so a flood of made-up identifiers costs one read. Thread-safe: one read at a time,
 * lookups of known identifiers take no lock.
 */
abstract class RefreshingKeys implements VerificationKeys {
    private static final Logger log = LoggerFactory.getLogger(RefreshingKeys.class);

    private final Clock clock;
    private final Duration minRefreshInterval;
    private volatile Map<String, ECPublicKey> keys;
    /** When the last read of any kind was tried; guarded by {@code this}. */
    private Instant lastGatedRead;

    RefreshingKeys(Clock clock, Duration minRefreshInterval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (minRefreshInterval == null || minRefreshInterval.isNegative() || minRefreshInterval.isZero()) {
            throw org.speakr.token.core.internal.SettingValues.invalid("minRefreshInterval", "a positive duration",
                    minRefreshInterval);
        }
        this.minRefreshInterval = minRefreshInterval;
    }

    /** @return the document's bytes */
    abstract byte[] read() throws IOException;

    /** @return a name for the log, e.g. the path or URL */
    abstract String source();

    /**
     * Whether the source surely has a newer copy than the last {@link #read()} (which marks what it read before
     * reading, so a broken document is read once per change, not once per report); read again without waiting.
     */
    abstract boolean outdated();

    /** @return the clock reads are timed by */
    final Clock clock() {
        return clock;
    }

    @Override
    public Optional<ECPublicKey> find(String keyIdentifier) {
        Objects.requireNonNull(keyIdentifier, "keyIdentifier");
        Map<String, ECPublicKey> current = keys;
        if (current == null) {
            current = reload(true);
        } else if (outdated()) {
            current = reload(false);
        }
        ECPublicKey key = current.get(keyIdentifier);
        if (key == null) {
            key = reload(true).get(keyIdentifier);
        }
        return Optional.ofNullable(key);
    }

    /**
     * Reads the document, unless {@code gated} and the last read was less than the interval ago.
     *
     * @return the keys now held
     * @throws UncheckedIOException when no copy was ever read
     */
    private synchronized Map<String, ECPublicKey> reload(boolean gated) {
        if (!gated && keys != null && !outdated()) {
            return held(); // another thread read the new copy while this one waited
        }
        Instant now = clock.instant();
        if (gated && lastGatedRead != null && now.isBefore(lastGatedRead.plus(minRefreshInterval))) {
            return held();
        }
        lastGatedRead = now;
        try {
            keys = KeyDocument.read(read(), source());
            log.debug("Read {} verification keys from {}", keys.size(), source());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Could not read the verification keys from {}: {}", source(), e.toString());
        }
        return held();
    }

    private Map<String, ECPublicKey> held() {
        Map<String, ECPublicKey> current = keys;
        if (current == null) {
            throw new UncheckedIOException(new IOException("no verification keys read from " + source() + " yet"));
        }
        return current;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + source() + "]";
    }
}
