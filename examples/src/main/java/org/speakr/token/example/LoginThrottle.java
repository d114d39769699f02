package org.speakr.token.example;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What a login attempt may cost. Failed logins back off per user name and per client address: after
 * {@value #FREE_FAILURES_PER_USERNAME} failures for one user name (or {@value #FREE_FAILURES_PER_ADDRESS} from one
 * address) each further attempt waits {@link #FIRST_BACKOFF}, doubling per failure up to {@link #MAX_BACKOFF}; a
 * throttled attempt is answered at once, without a password check. A successful login clears its user name's
 * failures (not the address's, so one's own account cannot reset it). At most {@value #MAX_CONCURRENT_VERIFICATIONS}
 * password checks (each 19 MiB of Argon2 memory) run at once; a login beyond that is refused at once, never queued.
 * Thread-safe.
 */
final class LoginThrottle {
    static final int FREE_FAILURES_PER_USERNAME = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** Failures older than this (since the last one) are forgotten. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_CONCURRENT_VERIFICATIONS = 4;
    /** Bound on remembered user names and addresses each, so that made-up names cannot grow the heap. */
    static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Semaphore verifications = new Semaphore(MAX_CONCURRENT_VERIFICATIONS);
    private final Map<String, Failures> byUsername = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private record Failures(int count, Instant last) {
        Instant blockedUntil(int free) {
            if (count < free) {
                return Instant.MIN;
            }
            int doublings = Math.min(count - free, 30);
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
            return last.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
        }
    }

    /** @return seconds until an attempt for {@code username} from {@code address} may run, 0 if it may now */
    long retryAfterSeconds(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(blockedUntil(byUsername, key(username), FREE_FAILURES_PER_USERNAME, now),
                blockedUntil(byAddress, address, FREE_FAILURES_PER_ADDRESS, now));
        if (!until.isAfter(now)) {
            return 0;
        }
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Records a failed login. */
    void failed(String username, String address) {
        Instant now = clock.instant();
        record(byUsername, key(username), now);
        record(byAddress, address, now);
    }

    /** Records a successful login: the user name's failures are forgotten. */
    void succeeded(String username) {
        byUsername.remove(key(username));
    }

    /** @return whether a password check may start now; if so, {@link #endVerification()} must follow */
    boolean tryStartVerification() {
        return verifications.tryAcquire();
    }

    void endVerification() {
        verifications.release();
    }

    /** For tests: the permits of the password-check bound, to hold them all. */
    Semaphore verifications() {
        return verifications;
    }

    private static String key(String username) {
        String name = username == null ? "" : username;
        return (name.length() > 64 ? name.substring(0, 64) : name).toLowerCase(Locale.ROOT);
    }

    private static Instant blockedUntil(Map<String, Failures> map, String key, int free, Instant now) {
        Failures failures = map.get(key);
        if (failures == null) {
            return Instant.MIN;
        }
        if (failures.last().plus(FORGET_AFTER).isBefore(now)) {
            map.remove(key, failures);
            return Instant.MIN;
        }
        return failures.blockedUntil(free);
    }

    private static void record(Map<String, Failures> map, String key, Instant now) {
        if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
            map.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now));
            if (map.size() >= MAX_TRACKED) {
                // Full of recent failures: the oldest entry makes room.
                map.entrySet().stream().min(Map.Entry.comparingByValue(
                        (a, b) -> a.last().compareTo(b.last()))).ifPresent(e -> map.remove(e.getKey()));
            }
        }
        map.merge(key, new Failures(1, now), (old, one) -> old.last().plus(FORGET_AFTER).isBefore(now)
                ? one : new Failures(old.count() + 1, now));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
