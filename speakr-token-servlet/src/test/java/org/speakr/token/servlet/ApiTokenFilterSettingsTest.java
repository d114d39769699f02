package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.SettingsTable;

/**
 * The filter's settings: names, the string path through {@link ApiTokenFilter.Builder#apply(Map)}, the builder's
 * rules and their messages, the description in {@code toString()}, and README's table.
 */
class ApiTokenFilterSettingsTest {
    /** A row of README's servlet table: | `name` | `builderMethod(Type)` | `default` | … | */
    private static final ApiTokens TOKENS = ApiTokens.builder().store(new InMemoryTokenStore())
            .revocationPollInterval(Duration.ZERO).build();

    @AfterAll
    static void close() {
        TOKENS.close();
    }

    private static ApiTokenFilter.Builder builder() {
        return ApiTokenFilter.builder(TOKENS);
    }

    private static ApiTokenFilter.Builder apply(String name, String value) {
        return builder().apply(Map.of(name, value));
    }

    @Test
    void modeWhenAnyCaseThenParsed() {
        assertThat(description(apply("mode", " Optional ").build())).containsEntry("mode", "optional");
        assertThat(description(apply("mode", "REQUIRED").build())).containsEntry("mode", "required");
        assertThatThrownBy(() -> apply("mode", "off")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode: expected required or optional, got 'off'");
    }

    @Test
    void realmWhenPrintableAsciiThenAcceptedElseRefused() {
        assertThat(description(builder().realm("Speakr API").build())).containsEntry("realm", "Speakr API");
        assertThatThrownBy(() -> builder().realm("")).hasMessage(
                "realm: expected 1 to 100 printable ASCII characters without '\"' or '\\', got ''");
        assertThatThrownBy(() -> builder().realm("a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().realm("x\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().realm("é")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().realm("r".repeat(101))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryParameterWhenUnreservedCharactersThenAccepted() {
        assertThat(description(builder().queryParameter("api_key").build())).containsEntry("query-parameter", "api_key");
        assertThatThrownBy(() -> builder().queryParameter("a&b"))
                .hasMessage("query-parameter: expected 1 to 64 of [A-Za-z0-9._~-], got 'a&b'");
        assertThatThrownBy(() -> builder().queryParameter("é")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseScopesWhenSpacesOrCommasThenSplitAndDeduplicated() {
        assertThat(description(apply("required-scopes", " recordings:read, tags:read  recordings:read ").build()))
                .containsEntry("required-scopes", "recordings:read tags:read");
        assertThat(description(apply("required-scopes", "  ").build())).containsEntry("required-scopes", "none");
        assertThatThrownBy(() -> builder().requiredScopes(List.of("ok", "not\"ok")))
                .hasMessage("required-scopes: expected RFC 6749 scope tokens of 1 to 64 printable ASCII characters "
                        + "without space, '\"' or '\\', got 'not\"ok'");
    }

    @Test
    void requiredScopesWhenLongerThanTheCoreLimitThenRefusedWithTheCoreRule() {
        String scope = "s".repeat(65);

        assertThatThrownBy(() -> apply("required-scopes", "recordings:read " + scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("required-scopes: expected RFC 6749 scope tokens of 1 to 64 printable ASCII characters "
                        + "without space, '\"' or '\\', got '" + scope + "'");
        assertThatThrownBy(() -> builder().requiredScopes(scope)).hasMessageStartingWith("required-scopes: expected");
        assertThatThrownBy(() -> ScopeRequirement.of(scope)).hasMessageStartingWith("required-scopes: expected");
        assertThat(description(builder().requiredScopes("s".repeat(64)).build()))
                .containsEntry("required-scopes", "s".repeat(64));
    }

    @Test
    void failureLimitAndWindowWhenOutOfRangeThenRefusedNotClamped() {
        assertThat(description(builder().failureLimit(1).build())).containsEntry("failure-limit", "1");
        assertThatThrownBy(() -> builder().failureLimit(-5))
                .hasMessage("failure-limit: expected a positive integer, got '-5'");
        assertThat(description(builder().failureWindow(Duration.ofSeconds(1)).build()))
                .containsEntry("failure-window", "1s");
        assertThatThrownBy(() -> builder().failureWindow(Duration.ofMillis(999)))
                .hasMessage("failure-window: expected at least 1s, got '999ms'");
    }

    @Test
    void scopeAttributeWhenScopesThenSpaceSeparatedElseNone() {
        assertThat(ScopeRequirement.of("b:write", "a:read").toString()).isEqualTo("a:read b:write");
        assertThat(ScopeRequirement.of().toString()).isEqualTo("none");
        assertThat(ScopeRequirement.of("b:write", "a:read").scopesFor(null)).containsExactly("a:read", "b:write");
    }

    @Test
    void applyWhenUnknownOrNullThenRefusedNamingIt() {
        assertThatThrownBy(() -> apply("failure-limt", "3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure-limt: expected one of the known settings [allow-query-parameter, expiration-header, "
                        + "failure-limit, failure-window, mode, query-parameter, query-parameter-any-method, realm, required-scopes],"
                        + " got '3'");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("realm", null);
        assertThatThrownBy(() -> builder().apply(nullValue)).hasMessage("realm: expected a value, got 'null'");
    }

    @Test
    void applyWhenEverySettingGivenAsTextThenEachReadBackFromTheDescription() {
        Map<String, String> text = Map.of(
                ApiTokenFilterSettings.MODE, "optional",
                ApiTokenFilterSettings.REALM, "speakr",
                ApiTokenFilterSettings.ALLOW_QUERY_PARAMETER, "TRUE",
                ApiTokenFilterSettings.QUERY_PARAMETER, "access_token",
                ApiTokenFilterSettings.QUERY_PARAMETER_ANY_METHOD, "true",
                ApiTokenFilterSettings.REQUIRED_SCOPES, "tags:read,recordings:read",
                ApiTokenFilterSettings.FAILURE_LIMIT, "7",
                ApiTokenFilterSettings.FAILURE_WINDOW, "PT5M",
                ApiTokenFilterSettings.EXPIRATION_HEADER, "false");
        assertThat(text.keySet()).as("every setting").isEqualTo(ApiTokenFilterSettings.NAMES);

        Map<String, String> described = description(builder().apply(text).build());

        assertThat(described).containsEntry("mode", "optional").containsEntry("realm", "speakr")
                .containsEntry("allow-query-parameter", "true").containsEntry("query-parameter", "access_token")
                .containsEntry("query-parameter-any-method", "true")
                .containsEntry("required-scopes", "recordings:read tags:read").containsEntry("failure-limit", "7")
                .containsEntry("failure-window", "5m").containsEntry("expiration-header", "false");
        assertThat(described.keySet()).containsAll(ApiTokenFilterSettings.NAMES);
    }

    @Test
    void descriptionWhenPerRequestScopesThenSaysSo() {
        assertThat(description(builder().requiredScopes(request -> Set.of()).build()))
                .containsEntry("required-scopes", "per request");
    }

    @Test
    void namesConstantsAreExactlyTheDocumentedSet() throws Exception {
        Set<String> constants = new HashSet<>();
        for (Field field : ApiTokenFilterSettings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(ApiTokenFilterSettings.NAMES).isEqualTo(constants).containsExactlyInAnyOrder("mode", "realm",
                "allow-query-parameter", "query-parameter", "query-parameter-any-method", "required-scopes",
                "failure-limit", "failure-window", "expiration-header");
    }

    @Test
    void readmeTableWhenReadThenSameNamesSettersAndDefaultsAsTheCode() {
        SettingsTable.assertDocuments(Path.of("..", "README.md"), "## Servlet filter", ApiTokenFilter.Builder.class,
                ApiTokenFilterSettings.NAMES, builder().build());
    }

    /** The filter's {@code toString()} as name to value. */
    static Map<String, String> description(ApiTokenFilter filter) {
        assertThat(filter.toString()).startsWith("ApiTokenFilter[");
        return SettingsTable.description(filter);
    }
}
