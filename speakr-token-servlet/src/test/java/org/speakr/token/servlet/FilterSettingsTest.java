package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterSettingsTest {

    @Test
    void modeWhenAnyCaseThenParsed() {
        assertThat(FilterSettings.mode("mode", " Optional ")).isEqualTo(ApiTokenFilter.Mode.OPTIONAL);
        assertThat(FilterSettings.mode("mode", "REQUIRED")).isEqualTo(ApiTokenFilter.Mode.REQUIRED);
        assertThatThrownBy(() -> FilterSettings.mode("mode", "off")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode: expected required or optional, got 'off'");
    }

    @Test
    void realmWhenPrintableAsciiThenAcceptedElseRefused() {
        assertThat(FilterSettings.realm("realm", "Speakr API")).isEqualTo("Speakr API");
        assertThatThrownBy(() -> FilterSettings.realm("realm", "")).hasMessage(
                "realm: expected 1 to 100 printable ASCII characters without '\"' or '\\', got ''");
        assertThatThrownBy(() -> FilterSettings.realm("realm", "a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FilterSettings.realm("realm", "x\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FilterSettings.realm("realm", "é")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FilterSettings.realm("realm", "r".repeat(101))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryParameterWhenUnreservedCharactersThenAccepted() {
        assertThat(FilterSettings.queryParameter("queryParameter", "api_key")).isEqualTo("api_key");
        assertThatThrownBy(() -> FilterSettings.queryParameter("queryParameter", "a&b"))
                .hasMessage("queryParameter: expected 1 to 64 of [A-Za-z0-9._~-], got 'a&b'");
    }

    @Test
    void parseScopesWhenSpacesOrCommasThenSplitAndDeduplicated() {
        assertThat(FilterSettings.parseScopes("required-scopes", " recordings:read, tags:read  recordings:read "))
                .containsExactly("recordings:read", "tags:read");
        assertThat(FilterSettings.parseScopes("required-scopes", "  ")).isEmpty();
        assertThatThrownBy(() -> FilterSettings.scopes("requiredScopes", List.of("ok", "not\"ok")))
                .hasMessage("requiredScopes: 'not\"ok' is not an RFC 6749 scope token "
                        + "(1 to 200 printable ASCII characters, no space, '\"' or '\\')");
    }

    @Test
    void failureLimitAndWindowWhenOutOfRangeThenRefusedNotClamped() {
        assertThat(FilterSettings.failureLimit("failureLimit", 1)).isEqualTo(1);
        assertThatThrownBy(() -> FilterSettings.failureLimit("failureLimit", -5))
                .hasMessage("failureLimit: expected a positive integer, got '-5'");
        assertThat(FilterSettings.failureWindow("failureWindow", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> FilterSettings.failureWindow("failureWindow", Duration.ofMillis(999)))
                .hasMessage("failureWindow: expected at least 1 second, got 'PT0.999S'");
    }

    @Test
    void scopeAttributeWhenScopesThenSpaceSeparatedElseNull() {
        FilterSettings settings = new FilterSettings(ApiTokenFilter.Mode.REQUIRED, "api", false, "token",
                List.of("a:read", "b:write"), 20, Duration.ofMinutes(1), true, java.time.Clock.systemUTC());

        assertThat(settings.scopeAttribute()).isEqualTo("a:read b:write");
        assertThat(new FilterSettings(ApiTokenFilter.Mode.REQUIRED, "api", false, "token", List.of(), 20,
                Duration.ofMinutes(1), true, java.time.Clock.systemUTC()).scopeAttribute()).isNull();
    }

    @Test
    void initParameterNamesWhenComparedToConstantsThenSameAsDocumented() {
        assertThat(ApiTokenFilter.INIT_PARAMETER_NAMES).containsExactlyInAnyOrder("mode", "realm",
                "allow-query-parameter", "query-parameter", "required-scopes", "token-service-attribute",
                "token-service-factory", "failure-limit", "failure-window", "expiration-header");
    }
}
