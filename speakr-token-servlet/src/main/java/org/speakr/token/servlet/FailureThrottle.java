package org.speakr.token.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failed token attempts per client in fixed windows: the first failure opens a window of
 * {@code window}; once {@code limit} failures fall into it, the client is refused until the window
 * closes. Entries live in a bounded Caffeine cache, so a flood of distinct clients costs bounded memory
 * (the least recently used are forgotten). Thread-safe.
 */
final class FailureThrottle {
    /** Most clients remembered at once. */
    static final long MAXIMUM_CLIENTS = 100_000;

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;
    /** Ticker time until which some client may be refused: the latest close of a window that reached the limit. */
    private final AtomicLong refusingUntil;

    /** One client's window: when it opened (ticker nanos) and how many failures it holds. */
    private record Window(long openedNanos, int failures) {
    }

    /**
     * @param limit failures per window before a client is refused
     * @param window the window length
     * @param clock the time source; {@link Clock#systemUTC()} means {@link System#nanoTime()}
     */
    FailureThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        // The system clock's wall time can jump; measure windows with the monotonic ticker then.
        this.ticker = clock.equals(Clock.systemUTC())
                ? Ticker.systemTicker()
                : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.refusingUntil = new AtomicLong(ticker.read());
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAXIMUM_CLIENTS)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Window>() {
                    @Override
                    public long expireAfterCreate(String client, Window value, long currentTime) {
                        return remaining(value, currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(String client, Window value, long currentTime, long currentDuration) {
                        return remaining(value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String client, Window value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private long remaining(Window window, long now) {
        return Math.max(0, window.openedNanos + windowNanos - now);
    }

    /**
     * A cheap pre-check: false means {@link #retryAfterSeconds} is 0 for every client, so the caller need not
     * find out who the client is.
     *
     * @return whether some client reached the limit in a window that is still open
     */
    boolean refusesAnyClient() {
        return ticker.read() - refusingUntil.get() < 0;
    }

    /**
     * @param client the client key, e.g. its remote address
     * @return 0 if the client may try, else the whole seconds (at least 1) until its window closes
     */
    long retryAfterSeconds(String client) {
        Window window = windows.getIfPresent(client);
        if (window == null || window.failures < limit) {
            return 0;
        }
        long remaining = remaining(window, ticker.read());
        if (remaining == 0) {
            return 0;
        }
        return Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * Counts one failure.
     *
     * @param client the client key
     */
    void recordFailure(String client) {
        long now = ticker.read();
        Window counted = windows.asMap().compute(client, (key, window) -> window == null || remaining(window, now) == 0
                ? new Window(now, 1)
                : new Window(window.openedNanos, Math.min(limit, window.failures + 1)));
        if (counted.failures >= limit) {
            long closes = counted.openedNanos + windowNanos;
            refusingUntil.accumulateAndGet(closes, (until, candidate) -> candidate - until > 0 ? candidate : until);
        }
    }
}
