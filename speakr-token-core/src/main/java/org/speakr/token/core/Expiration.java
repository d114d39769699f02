package org.speakr.token.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.speakr.token.core.internal.SettingValues;

/**
 * When a new token expires: {@link #never()}, {@link #after(Duration) a lifetime after its creation}, or
 * {@link #at(Instant) at an explicit instant} that must lie in the future when the token is created. A
 * configured maximum lifetime bounds all three.
 */
public final class Expiration {
    private static final Expiration NEVER = new Expiration(null, null);

    private final Duration lifetime;
    private final Instant instant;

    private Expiration(Duration lifetime, Instant instant) {
        this.lifetime = lifetime;
        this.instant = instant;
    }

    /** @return a token that never expires (refused when a maximum lifetime is configured) */
    public static Expiration never() {
        return NEVER;
    }

    /**
     * @param lifetime how long after creation the token expires; positive
     * @return expiry {@code lifetime} after creation
     * @throws IllegalArgumentException for a zero or negative lifetime
     */
    public static Expiration after(Duration lifetime) {
        return new Expiration(SettingValues.requirePositive("expiration", lifetime), null);
    }

    /**
     * @param instant the expiry instant; must be after the creation instant
     * @return expiry at exactly {@code instant}
     */
    public static Expiration at(Instant instant) {
        return new Expiration(null, Objects.requireNonNull(instant, "instant"));
    }

    /** @return true for {@link #never()} */
    public boolean isNever() {
        return lifetime == null && instant == null;
    }

    /**
     * The expiry instant for a token created at {@code now}, or {@code null} for never.
     *
     * @throws IllegalArgumentException when an explicit instant is not in the future
     */
    Instant expiresAt(Instant now) {
        if (lifetime != null) {
            return now.plus(lifetime);
        }
        if (instant != null && !instant.isAfter(now)) {
            throw SettingValues.invalid("expiration", "an instant after " + now, instant);
        }
        return instant;
    }

    @Override
    public String toString() {
        if (lifetime != null) {
            return "Expiration[after " + SettingValues.format(lifetime) + "]";
        }
        return instant != null ? "Expiration[at " + instant + "]" : "Expiration[never]";
    }
}
