package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceClockTickerTest {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T10:00:00Z");
    private final ServiceClockTicker ticker = new ServiceClockTicker(ORIGIN);

    @Test
    void advanceToThenNanosSinceOriginAtMillisecondResolution() {
        assertThat(ticker.read()).isZero();
        ticker.advanceTo(ORIGIN.plus(Duration.ofNanos(2_999_999)));
        assertThat(ticker.read()).isEqualTo(2_000_000);
        ticker.advanceTo(ORIGIN.plusSeconds(30));
        assertThat(ticker.read()).isEqualTo(30_000_000_000L);
    }

    @Test
    void advanceToWhenClockSetBackThenUnchanged() {
        ticker.advanceTo(ORIGIN.plusSeconds(10));
        ticker.advanceTo(ORIGIN.plusSeconds(9));
        ticker.advanceTo(ORIGIN.minusSeconds(3600));
        assertThat(ticker.read()).isEqualTo(10_000_000_000L);
    }

    @Test
    void advanceToWhenCenturiesAheadThenSaturatesInsteadOfOverflowing() {
        ticker.advanceTo(ORIGIN.plus(Duration.ofDays(365L * 400)));
        assertThat(ticker.read()).isEqualTo(Long.MAX_VALUE);
        ticker.advanceTo(ORIGIN.plusSeconds(1));
        assertThat(ticker.read()).isEqualTo(Long.MAX_VALUE);
    }
}
