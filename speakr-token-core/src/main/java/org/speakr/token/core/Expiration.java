package org.speakr.token.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * When a new token expires: {@link #never()}, in {@link #days(int) 7, 30, 90 or 365 days}, or
 * {@link #at(Instant) at an explicit instant} that must lie in the future when the token is created.
 */
public final class Expiration {
    /** The day counts {@link #days(int)} accepts, as offered in Speakr's Account Settings. */
    public static final Set<Integer> ALLOWED_DAYS = Set.of(7, 30, 90, 365);

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
     * @param days 7, 30, 90 or 365
     * @return expiry that many days after creation
     * @throws IllegalArgumentException for any other number
     */
    public static Expiration days(int days) {
        if (!ALLOWED_DAYS.contains(days)) {
            throw new IllegalArgumentException("expiration days must be one of 7, 30, 90, 365, was " + days);
        }
        return new Expiration(Duration.ofDays(days), null);
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
            throw new IllegalArgumentException("expiration must be in the future: " + instant + " is not after " + now);
        }
        return instant;
    }

    @Override
    public String toString() {
        if (lifetime != null) {
            return "Expiration[in " + lifetime.toDays() + " days]";
        }
        return instant != null ? "Expiration[at " + instant + "]" : "Expiration[never]";
    }
}
