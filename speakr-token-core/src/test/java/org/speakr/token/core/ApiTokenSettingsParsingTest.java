package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Edges of the string parsers that mutation testing found unchecked. */
class ApiTokenSettingsParsingTest {

    @Test
    void parseBooleanReadsFalseAsFalse() {
        assertThat(ApiTokenSettings.parseBoolean("x", " FALSE ")).isFalse();
        assertThat(ApiTokenSettings.parseBoolean("x", "True")).isTrue();
    }

    @Test
    void parsePositiveIntRefusesZeroAndAcceptsOne() {
        assertThat(ApiTokenSettings.parsePositiveInt("cache-maximum-size", "1")).isEqualTo(1);
        assertThatThrownBy(() -> ApiTokenSettings.parsePositiveInt("cache-maximum-size", "0"))
                .hasMessage("cache-maximum-size: expected a positive integer, got '0'");
    }
}
