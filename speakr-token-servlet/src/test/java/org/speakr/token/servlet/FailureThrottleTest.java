package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import org.speakr.token.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    private final FailureThrottle throttle = new FailureThrottle(3, Duration.ofSeconds(60), clock);

    @Test
    void retryAfterWhenBelowLimitThenZero() {
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");

        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        assertThat(throttle.retryAfterSeconds("10.0.0.9")).isZero();
    }

    @Test
    void retryAfterWhenLimitReachedThenSecondsUntilWindowCloses() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(30);
        clock.advance(Duration.ofMillis(29_001));
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).isZero();
    }

    @Test
    void retryAfterWhenWindowClosedThenZeroAndCountingStartsAgain() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(60));

        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
    }

    @Test
    void recordFailureWhenManyClientsThenEachCountedAlone() {
        for (int client = 0; client < 1000; client++) {
            throttle.recordFailure("10.1." + client / 256 + "." + client % 256);
        }

        assertThat(throttle.retryAfterSeconds("10.1.0.0")).isZero();
    }

    @Test
    void refusesAnyClientOnlyWhileSomeClientsWindowAtTheLimitIsOpen() {
        assertThat(throttle.refusesAnyClient()).as("new").isFalse();
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.2");
        assertThat(throttle.refusesAnyClient()).as("below the limit").isFalse();

        clock.advance(Duration.ofSeconds(30));
        throttle.recordFailure("10.0.0.1"); // window opened at 0 s, closes at 60 s
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.3"); // window opened at 30 s, closes at 90 s
        }
        throttle.recordFailure("10.0.0.1"); // counted again: must not pull the end back to 60 s
        assertThat(throttle.refusesAnyClient()).isTrue();

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
        assertThat(throttle.refusesAnyClient()).as("10.0.0.3 is still refused").isTrue();
        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(throttle.refusesAnyClient()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.refusesAnyClient()).as("every window at the limit has closed").isFalse();
        assertThat(throttle.retryAfterSeconds("10.0.0.3")).isZero();
    }
}
