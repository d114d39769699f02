package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenSettingsTest {

    @Test
    void applyWhenEverySettingGivenThenServiceBuiltWithThem() {
        Map<String, String> settings = Map.of(
                ApiTokenSettings.TOKEN_PREFIX, "acme",
                ApiTokenSettings.ACCEPT_LEGACY_TOKENS, "TRUE",
                ApiTokenSettings.CACHE_MAXIMUM_SIZE, "500",
                ApiTokenSettings.CACHE_TTL, "PT45S",
                ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, "20",
                ApiTokenSettings.NEGATIVE_CACHE_TTL, "500ms",
                ApiTokenSettings.LAST_USED_WRITE_INTERVAL, "2m",
                ApiTokenSettings.REVOCATION_POLL_INTERVAL, "0",
                ApiTokenSettings.MAX_LIFETIME, "90d",
                ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, "3");
        try (ApiTokens tokens = ApiTokens.builder().apply(settings).build()) {
            assertThat(tokens.create("alice", "ci", Expiration.days(30)).token().reveal()).startsWith("acme_");
            assertThatThrownBy(() -> tokens.create("alice", "forever", Expiration.never()))
                    .hasMessage("expiration 'never' is not allowed: maxLifetime is PT2160H");
            assertThat(tokens.toString()).contains("tokenPrefix=acme", "acceptLegacyTokens=true",
                    "cacheMaximumSize=500", "cacheTtl=PT45S", "negativeCacheTtl=PT0.5S", "lastUsedWriteInterval=PT2M",
                    "revocationPollInterval=PT0S", "maxLifetime=PT2160H", "maxActiveTokensPerOwner=3");
        }
    }

    @Test
    void applyWhenUnknownOrInvalidThenMessageNamesTheSetting() {
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of("cache-tll", "30s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cache-tll: unknown setting 'cache-tll'; known settings: [accept-legacy-tokens,");
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of(ApiTokenSettings.CACHE_TTL, "soon")))
                .hasMessage("cache-ttl: expected a duration such as 30s, 5m, 90d or PT30S, got 'soon'");
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of(ApiTokenSettings.CACHE_TTL, "0")))
                .hasMessage("cache-ttl: cacheTtl must be positive: PT0S");
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, "yes")))
                .hasMessage("accept-legacy-tokens: expected true or false, got 'yes'");
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, "-1")))
                .hasMessage("max-active-tokens-per-owner: expected a positive integer, got '-1'");
        assertThatThrownBy(() -> ApiTokens.builder().apply(Map.of(ApiTokenSettings.TOKEN_PREFIX, "SPK")))
                .hasMessage("token-prefix: tokenPrefix must match [a-z][a-z0-9]{1,9}, was 'SPK'");
    }

    @Test
    void builderWhenOutOfRangeThenRefusedNotClamped() {
        ApiTokens.Builder builder = ApiTokens.builder();
        assertThatThrownBy(() -> builder.cacheTtl(Duration.ofSeconds(-1))).hasMessage("cacheTtl must be positive: PT-1S");
        assertThatThrownBy(() -> builder.cacheMaximumSize(0)).hasMessage("cacheMaximumSize must be positive: 0");
        assertThatThrownBy(() -> builder.negativeCacheTtl(Duration.ZERO)).hasMessage("negativeCacheTtl must be positive: PT0S");
        assertThatThrownBy(() -> builder.lastUsedWriteInterval(Duration.ofNanos(10)))
                .hasMessage("lastUsedWriteInterval must be at least 1 ms: PT0.00000001S");
        assertThatThrownBy(() -> builder.revocationPollInterval(Duration.ofSeconds(-1)))
                .hasMessage("revocationPollInterval must be zero (off) or positive: PT-1S");
        assertThatThrownBy(() -> builder.maxActiveTokensPerOwner(0)).hasMessage("maxActiveTokensPerOwner must be positive: 0");
        assertThatThrownBy(() -> builder.store(null)).isInstanceOf(NullPointerException.class).hasMessage("store");
    }

    @Test
    void namesConstantsAreExactlyTheDocumentedSet() throws Exception {
        Set<String> constants = new HashSet<>();
        for (Field field : ApiTokenSettings.class.getFields()) {
            if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(ApiTokenSettings.NAMES).containsExactlyInAnyOrderElementsOf(constants);
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String name : constants) {
            assertThat(readme).as("README documents %s", name).contains("`" + name + "`");
        }
    }
}
