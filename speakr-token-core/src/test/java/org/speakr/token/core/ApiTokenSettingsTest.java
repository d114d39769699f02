package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.SettingsTable;

class ApiTokenSettingsTest {
    private static ApiTokens.Builder builder() {
        return ApiTokens.builder().store(new InMemoryTokenStore());
    }

    @Test
    void applyWhenEverySettingGivenThenEachReachesItsSetterAndTheDescription() {
        Map<String, String> settings = Map.ofEntries(
                Map.entry(ApiTokenSettings.TOKEN_PREFIX, "acme"),
                Map.entry(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, "TRUE"),
                Map.entry(ApiTokenSettings.CACHE_MAXIMUM_SIZE, "500"),
                Map.entry(ApiTokenSettings.CACHE_TTL, "PT45S"),
                Map.entry(ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, "20"),
                Map.entry(ApiTokenSettings.NEGATIVE_CACHE_TTL, "500ms"),
                Map.entry(ApiTokenSettings.LAST_USED_WRITE_INTERVAL, "2m"),
                Map.entry(ApiTokenSettings.REVOCATION_POLL_INTERVAL, "0"),
                Map.entry(ApiTokenSettings.MAX_LIFETIME, "90d"),
                Map.entry(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, "3"),
                Map.entry(ApiTokenSettings.ROTATED_TOKEN_REUSE, "Revoke-Family"),
                Map.entry(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, "1d, 14d,3d"),
                Map.entry(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME, "P60D"),
                Map.entry(ApiTokenSettings.PURGE_RETENTION, "365d"),
                Map.entry(ApiTokenSettings.MAINTENANCE_INTERVAL, "90s"));
        assertThat(settings.keySet()).as("every setting is set here").isEqualTo(ApiTokenSettings.NAMES);
        try (ApiTokens tokens = builder().apply(settings).build()) {
            assertThat(tokens.create("alice", "ci", Expiration.after(Duration.ofDays(30))).token().reveal()).startsWith("acme_");
            assertThatThrownBy(() -> tokens.create("alice", "forever", Expiration.never()))
                    .hasMessageStartingWith("expiration: expected an expiry at most max-lifetime 90d after ")
                    .hasMessageEndingWith(", got 'never'");
            assertThat(description(tokens)).containsAllEntriesOf(Map.of(
                    "token-prefix", "acme", "accept-legacy-tokens", "true", "cache-maximum-size", "500",
                    "cache-ttl", "45s", "negative-cache-maximum-size", "20", "negative-cache-ttl", "500ms",
                    "last-used-write-interval", "2m", "revocation-poll-interval", "0", "max-lifetime", "90d",
                    "max-active-tokens-per-owner", "3"));
            assertThat(description(tokens)).containsAllEntriesOf(Map.of(
                    "rotated-token-reuse", "revoke-family", "expiry-notice-thresholds", "14d,3d,1d",
                    "unused-token-idle-time", "60d", "purge-retention", "365d", "maintenance-interval", "90s"));
        }
        try (ApiTokens none = builder().apply(Map.of(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, "none")).build()) {
            assertThat(description(none)).containsEntry("expiry-notice-thresholds", "none");
        }
    }

    @Test
    void applyWhenUnknownOrInvalidThenMessageNamesTheSetting() {
        assertThatThrownBy(() -> builder().apply(Map.of("cache-tll", "30s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cache-tll: expected one of the known settings [accept-legacy-tokens,")
                .hasMessageEndingWith(", got '30s'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.CACHE_TTL, "soon")))
                .hasMessage("cache-ttl: expected a duration such as 30s, 5m, 90d or PT30S, got 'soon'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.CACHE_TTL, "0")))
                .hasMessage("cache-ttl: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, "yes")))
                .hasMessage("accept-legacy-tokens: expected true or false, got 'yes'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, "-1")))
                .hasMessage("max-active-tokens-per-owner: expected a positive integer, got '-1'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.TOKEN_PREFIX, "SPK")))
                .hasMessage("token-prefix: expected [a-z][a-z0-9]{1,9}, got 'SPK'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.ROTATED_TOKEN_REUSE, "revoke")))
                .hasMessage("rotated-token-reuse: expected reject or revoke-family, got 'revoke'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, "7d,,1d")))
                .hasMessage("expiry-notice-thresholds: expected comma-separated durations such as 7d,1d, or none,"
                        + " got '7d,,1d'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, "7d,0")))
                .hasMessage("expiry-notice-thresholds: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME, "0")))
                .hasMessage("unused-token-idle-time: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.PURGE_RETENTION, "a year")))
                .hasMessage("purge-retention: expected a duration such as 30s, 5m, 90d or PT30S, got 'a year'");
        assertThatThrownBy(() -> builder().apply(Map.of(ApiTokenSettings.MAINTENANCE_INTERVAL, "0")))
                .hasMessage("maintenance-interval: expected a positive duration of at least 1ms, got '0'");
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put(ApiTokenSettings.CACHE_TTL, null);
        assertThatThrownBy(() -> builder().apply(nullValue)).hasMessage("cache-ttl: expected a value, got 'null'");
    }

    @Test
    void builderWhenOutOfRangeThenRefusedNotClamped() {
        ApiTokens.Builder builder = builder();
        assertThatThrownBy(() -> builder.cacheTtl(Duration.ofSeconds(-1)))
                .hasMessage("cache-ttl: expected a positive duration of at least 1ms, got '-1s'");
        assertThatThrownBy(() -> builder.cacheMaximumSize(0)).hasMessage("cache-maximum-size: expected a positive number, got '0'");
        assertThatThrownBy(() -> builder.negativeCacheTtl(Duration.ZERO))
                .hasMessage("negative-cache-ttl: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> builder.lastUsedWriteInterval(Duration.ofNanos(10)))
                .hasMessage("last-used-write-interval: expected a positive duration of at least 1ms, got 'PT0.00000001S'");
        assertThatThrownBy(() -> builder.revocationPollInterval(Duration.ofSeconds(-1)))
                .hasMessage("revocation-poll-interval: expected 0 (off) or a duration of at least 1ms, got '-1s'");
        assertThatThrownBy(() -> builder.maxActiveTokensPerOwner(0))
                .hasMessage("max-active-tokens-per-owner: expected a positive number, got '0'");
        assertThatThrownBy(() -> builder.store(null)).isInstanceOf(NullPointerException.class).hasMessage("store");
        assertThatThrownBy(() -> builder.unusedTokenIdleTime(Duration.ofDays(-1)))
                .hasMessage("unused-token-idle-time: expected a positive duration of at least 1ms, got '-1d'");
        assertThatThrownBy(() -> builder.purgeRetention(Duration.ZERO))
                .hasMessage("purge-retention: expected a positive duration of at least 1ms, got '0'");
        assertThatThrownBy(() -> builder.maintenanceInterval(Duration.ofMinutes(-10)))
                .hasMessage("maintenance-interval: expected a positive duration of at least 1ms, got '-10m'");
        assertThatThrownBy(() -> builder.expiryNoticeThresholds(java.util.List.of(Duration.ofDays(7), Duration.ZERO)))
                .hasMessage("expiry-notice-thresholds: expected a positive duration of at least 1ms, got '0'");
    }

    @Test
    void buildWhenNoStoreThenRefusedInsteadOfAnInMemoryDefault() {
        assertThatThrownBy(() -> ApiTokens.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("store: expected a TokenStore, got none; for tests and demos use store(new InMemoryTokenStore())");
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
    }

    @Test
    void readmeTableWhenReadThenSameNamesSettersAndDefaultsAsTheCode() {
        try (ApiTokens defaults = builder().build()) {
            SettingsTable.assertDocuments(Path.of("..", "README.md"), "## Core: configuration", ApiTokens.Builder.class,
                    ApiTokenSettings.NAMES, defaults);
        }
    }

    /** The service's description, {@code ApiTokens[name=value, …]}, as a map. */
    private static Map<String, String> description(ApiTokens tokens) {
        assertThat(tokens.toString()).startsWith("ApiTokens[");
        return SettingsTable.description(tokens);
    }
}
