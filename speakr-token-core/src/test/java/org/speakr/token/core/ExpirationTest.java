package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpirationTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void afterWhenPositiveThenThatLongAfterCreationElseRefused() {
        for (Duration lifetime : new Duration[] {Duration.ofMillis(1), Duration.ofDays(1), Duration.ofDays(400)}) {
            assertThat(Expiration.after(lifetime).expiresAt(NOW)).isEqualTo(NOW.plus(lifetime));
        }
        assertThatThrownBy(() -> Expiration.after(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiration: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> Expiration.after(Duration.ofDays(-7))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiration: expected a positive duration of at least 1ms, got '-7d'");
        assertThatThrownBy(() -> Expiration.after(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("expiration");
    }

    @Test
    void neverThenNoInstant() {
        assertThat(Expiration.never().expiresAt(NOW)).isNull();
        assertThat(Expiration.never().isNever()).isTrue();
        assertThat(Expiration.after(Duration.ofDays(7)).isNever()).isFalse();
    }

    @Test
    void atWhenFutureThenExactInstantElseRefused() {
        assertThat(Expiration.at(NOW.plusNanos(1)).expiresAt(NOW)).isEqualTo(NOW.plusNanos(1));
        assertThatThrownBy(() -> Expiration.at(NOW).expiresAt(NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiration: expected an instant after 2026-03-01T00:00:00Z, got '2026-03-01T00:00:00Z'");
        assertThatThrownBy(() -> Expiration.at(null)).isInstanceOf(NullPointerException.class).hasMessage("instant");
    }

    @Test
    void toStringThenReadable() {
        assertThat(Expiration.after(Duration.ofDays(30))).hasToString("Expiration[after 30d]");
        assertThat(Expiration.never()).hasToString("Expiration[never]");
        assertThat(Expiration.at(NOW)).hasToString("Expiration[at 2026-03-01T00:00:00Z]");
    }
}
