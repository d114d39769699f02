package org.speakr.token.jdbc;

import java.time.Instant;
import java.util.Objects;

/**
 * The time encoding of the token table: an instant is a {@code BIGINT} of microseconds since
 * 1970-01-01T00:00:00Z (UTC), so it reads back identically whatever the JVM, session or server time zone.
 */
final class EpochMicros {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EpochMicros() {
    }

    /**
     * @param what the instant's name, for the messages
     * @return microseconds since the epoch, truncated (floor) from the instant's nanoseconds
     * @throws IllegalArgumentException when the instant does not fit in a {@code long} of microseconds
     */
    static long of(String what, Instant instant) {
        Objects.requireNonNull(instant, what);
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                    instant.getNano() / 1_000L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is outside the storable range (about ±292,000 years"
                    + " around 1970): " + instant, e);
        }
    }

    /** @return {@link #of}, or {@code null} for a {@code null} instant */
    static Long ofNullable(String what, Instant instant) {
        return instant == null ? null : of(what, instant);
    }

    /** @return the instant of a stored value */
    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }
}
