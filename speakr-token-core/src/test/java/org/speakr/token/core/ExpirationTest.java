package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpirationTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void daysThenOnlySpeakrChoicesAccepted() {
        for (int days : new int[] {7, 30, 90, 365}) {
            assertThat(Expiration.days(days).expiresAt(NOW)).isEqualTo(NOW.plus(Duration.ofDays(days)));
        }
        for (int days : new int[] {-7, 0, 1, 8, 366}) {
            assertThatThrownBy(() -> Expiration.days(days)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expiration days must be one of 7, 30, 90, 365, was " + days);
        }
    }

    @Test
    void neverThenNoInstant() {
        assertThat(Expiration.never().expiresAt(NOW)).isNull();
        assertThat(Expiration.never().isNever()).isTrue();
        assertThat(Expiration.days(7).isNever()).isFalse();
    }

    @Test
    void atWhenFutureThenExactInstantElseRefused() {
        assertThat(Expiration.at(NOW.plusNanos(1)).expiresAt(NOW)).isEqualTo(NOW.plusNanos(1));
        assertThatThrownBy(() -> Expiration.at(NOW).expiresAt(NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiration must be in the future: 2026-03-01T00:00:00Z is not after 2026-03-01T00:00:00Z");
        assertThatThrownBy(() -> Expiration.at(null)).isInstanceOf(NullPointerException.class).hasMessage("instant");
    }

    @Test
    void toStringThenReadable() {
        assertThat(Expiration.days(30)).hasToString("Expiration[in 30 days]");
        assertThat(Expiration.never()).hasToString("Expiration[never]");
        assertThat(Expiration.at(NOW)).hasToString("Expiration[at 2026-03-01T00:00:00Z]");
    }
}
