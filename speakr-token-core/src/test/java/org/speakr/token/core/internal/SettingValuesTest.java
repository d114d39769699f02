package org.speakr.token.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The string parsers and the one message format. */
class SettingValuesTest {

    @Test
    void invalidThenTheOneMessageFormat() {
        assertThat(SettingValues.invalid("cache-ttl", "a positive duration", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache-ttl: expected a positive duration, got 'soon'");
    }

    @Test
    void durationListsReadCommaSeparatedDurationsOrNoneAndFormatBack() {
        assertThat(SettingValues.parseDurationList("t", " 7d, 1d ,PT12H ")).containsExactly(Duration.ofDays(7),
                Duration.ofDays(1), Duration.ofHours(12));
        assertThat(SettingValues.parseDurationList("t", "NONE")).isEmpty();
        assertThat(SettingValues.formatList(java.util.List.of(Duration.ofDays(7), Duration.ofHours(12))))
                .isEqualTo("7d,12h");
        assertThat(SettingValues.formatList(java.util.List.of())).isEqualTo("none");
        for (String bad : new String[] {"", "7d,", ",1d", "7 days", "7d;1d", "-1d"}) {
            assertThatThrownBy(() -> SettingValues.parseDurationList("t", bad))
                    .hasMessage("t: expected comma-separated durations such as 7d,1d, or none, got '" + bad + "'");
        }
    }

    @Test
    void parseBooleanReadsFalseAsFalse() {
        assertThat(SettingValues.parseBoolean("x", " FALSE ")).isFalse();
        assertThat(SettingValues.parseBoolean("x", "True")).isTrue();
        assertThatThrownBy(() -> SettingValues.parseBoolean("x", "yes")).hasMessage("x: expected true or false, got 'yes'");
    }

    @Test
    void parsePositiveIntRefusesZeroAndAcceptsOne() {
        assertThat(SettingValues.parsePositiveInt("cache-maximum-size", "1")).isEqualTo(1);
        assertThatThrownBy(() -> SettingValues.parsePositiveInt("cache-maximum-size", "0"))
                .hasMessage("cache-maximum-size: expected a positive integer, got '0'");
        assertThatThrownBy(() -> SettingValues.parsePositiveInt("cache-maximum-size", null))
                .hasMessage("cache-maximum-size: expected a value, got 'null'");
    }

    @Test
    void parseDurationReadsEachUnitAndIso() {
        assertThat(SettingValues.parseDuration("d", "0")).isZero();
        assertThat(SettingValues.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SettingValues.parseDuration("d", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettingValues.parseDuration("d", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SettingValues.parseDuration("d", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(SettingValues.parseDuration("d", "90d")).isEqualTo(Duration.ofDays(90));
        assertThat(SettingValues.parseDuration("d", " PT1M ")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> SettingValues.parseDuration("d", "PT-1S"))
                .hasMessage("d: expected a duration such as 30s, 5m, 90d or PT30S, got 'PT-1S'");
    }

    @Test
    void formatThenLargestWholeUnitAndReadBackEqual() {
        assertThat(SettingValues.format(Duration.ZERO)).isEqualTo("0");
        assertThat(SettingValues.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(SettingValues.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(SettingValues.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(SettingValues.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(SettingValues.format(Duration.ofNanos(1))).isEqualTo("PT0.000000001S");
        for (String text : new String[] {"1500ms", "30s", "1m", "2d", "7h"}) {
            assertThat(SettingValues.format(SettingValues.parseDuration("d", text))).isEqualTo(text);
        }
    }

    @Test
    void requirePositiveRefusesZeroAndSubMillisecond() {
        assertThat(SettingValues.requirePositive("n", 1L)).isEqualTo(1L);
        assertThatThrownBy(() -> SettingValues.requirePositive("n", 0L)).hasMessage("n: expected a positive number, got '0'");
        assertThat(SettingValues.requirePositive("d", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> SettingValues.requirePositive("d", Duration.ofNanos(999_999)))
                .hasMessage("d: expected a positive duration of at least 1ms, got 'PT0.000999999S'");
        assertThatThrownBy(() -> SettingValues.requireAtLeast("w", Duration.ofMillis(999), Duration.ofSeconds(1)))
                .hasMessage("w: expected at least 1s, got '999ms'");
    }
}
