package org.speakr.token.example;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} requests per client address in each fixed window: for a public endpoint whose every
 * request may cost a token store lookup (the trufflehog verifier), so that one client cannot turn it into a flood
 * of database queries. Every request counts, valid or not. Thread-safe; at most {@value #MAX_TRACKED} addresses
 * are remembered, and all are forgotten when that is reached, so made-up addresses cannot grow the heap.
 */
final class AddressRateLimit {
    static final int MAX_TRACKED = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {
    }

    AddressRateLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts one request from {@code address}.
     *
     * @return 0 when it may run, else the seconds until the address's window ends (for {@code Retry-After})
     */
    long acquire(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_TRACKED && !byAddress.containsKey(address)) {
            byAddress.clear();
        }
        Window w = byAddress.compute(address, (key, old) -> old == null || !now.isBefore(old.start().plus(window))
                ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        if (w.count() <= limit) {
            return 0;
        }
        long millis = Duration.between(now, w.start().plus(window)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
