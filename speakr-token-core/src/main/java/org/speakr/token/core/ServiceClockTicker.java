package org.speakr.token.core;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caffeine's time source for the token cache: the latest instant {@code authenticate} read from the service's
 * clock, at millisecond resolution, as nanoseconds since the ticker was made. It only moves forward.
 *
 * <p>Why not {@link Ticker#systemTicker()}: Caffeine reads its ticker on every hit, and {@code System.nanoTime()}
 * cost a quarter of a cached {@code authenticate} beside the SHA-256 (measured), although {@code authenticate}
 * has already read the time. This ticker is a volatile read, and it is written at most once per millisecond,
 * so threads do not contend for it. It also makes the cache TTL follow the configured {@link java.time.Clock}.
 *
 * <p>The price: when the wall clock is set back (an NTP step), this ticker stands still until the clock has caught
 * up, and cached tokens stay that much longer than the TTL. Revocations still reach the cache through the
 * revocation feed and {@code revoke}, which do not depend on the TTL; expiry is judged on every call regardless.
 */
final class ServiceClockTicker implements Ticker {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final long originMillis;
    private final AtomicLong nanos = new AtomicLong();

    ServiceClockTicker(Instant origin) {
        this.originMillis = origin.toEpochMilli();
    }

    /** Moves the time forward to {@code now}; an earlier instant (a clock set back) changes nothing. */
    void advanceTo(Instant now) {
        long elapsedMillis = now.toEpochMilli() - originMillis;
        long next = elapsedMillis > Long.MAX_VALUE / NANOS_PER_MILLI ? Long.MAX_VALUE : elapsedMillis * NANOS_PER_MILLI;
        if (next > nanos.get()) {
            nanos.accumulateAndGet(next, Math::max);
        }
    }

    @Override
    public long read() {
        return nanos.get();
    }
}
