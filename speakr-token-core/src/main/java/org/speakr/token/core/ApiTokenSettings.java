package org.speakr.token.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of {@link ApiTokens} settings given as strings ({@code web.xml} init-params, properties), and
 * the strict parsers for their values. Durations are ISO-8601 ({@code PT30S}, {@code P90D}) or a number
 * with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>builder method</th><th>default</th></tr>
 * <tr><td>{@value #TOKEN_PREFIX}</td><td>{@code tokenPrefix}</td><td>{@code spk}</td></tr>
 * <tr><td>{@value #ACCEPT_LEGACY_TOKENS}</td><td>{@code acceptLegacyTokens}</td><td>{@code false}</td></tr>
 * <tr><td>{@value #CACHE_MAXIMUM_SIZE}</td><td>{@code cacheMaximumSize}</td><td>10000</td></tr>
 * <tr><td>{@value #CACHE_TTL}</td><td>{@code cacheTtl}</td><td>30s</td></tr>
 * <tr><td>{@value #NEGATIVE_CACHE_MAXIMUM_SIZE}</td><td>{@code negativeCacheMaximumSize}</td><td>10000</td></tr>
 * <tr><td>{@value #NEGATIVE_CACHE_TTL}</td><td>{@code negativeCacheTtl}</td><td>10s</td></tr>
 * <tr><td>{@value #LAST_USED_WRITE_INTERVAL}</td><td>{@code lastUsedWriteInterval}</td><td>60s</td></tr>
 * <tr><td>{@value #REVOCATION_POLL_INTERVAL}</td><td>{@code revocationPollInterval}</td><td>1s ({@code 0} = off)</td></tr>
 * <tr><td>{@value #MAX_LIFETIME}</td><td>{@code maxLifetime}</td><td>none</td></tr>
 * <tr><td>{@value #MAX_ACTIVE_TOKENS_PER_OWNER}</td><td>{@code maxActiveTokensPerOwner}</td><td>unlimited</td></tr>
 * </table>
 */
public final class ApiTokenSettings {
    /** Token prefix, {@code [a-z][a-z0-9]{1,9}}. */
    public static final String TOKEN_PREFIX = "token-prefix";
    /** {@code true} or {@code false}: accept Speakr legacy tokens. */
    public static final String ACCEPT_LEGACY_TOKENS = "accept-legacy-tokens";
    /** Positive integer. */
    public static final String CACHE_MAXIMUM_SIZE = "cache-maximum-size";
    /** Positive duration. */
    public static final String CACHE_TTL = "cache-ttl";
    /** Positive integer. */
    public static final String NEGATIVE_CACHE_MAXIMUM_SIZE = "negative-cache-maximum-size";
    /** Positive duration. */
    public static final String NEGATIVE_CACHE_TTL = "negative-cache-ttl";
    /** Positive duration. */
    public static final String LAST_USED_WRITE_INTERVAL = "last-used-write-interval";
    /** Duration; {@code 0} turns the feed off. */
    public static final String REVOCATION_POLL_INTERVAL = "revocation-poll-interval";
    /** Positive duration. */
    public static final String MAX_LIFETIME = "max-lifetime";
    /** Positive integer. */
    public static final String MAX_ACTIVE_TOKENS_PER_OWNER = "max-active-tokens-per-owner";

    /** Every setting name above. */
    public static final Set<String> NAMES = Set.of(TOKEN_PREFIX, ACCEPT_LEGACY_TOKENS, CACHE_MAXIMUM_SIZE, CACHE_TTL,
            NEGATIVE_CACHE_MAXIMUM_SIZE, NEGATIVE_CACHE_TTL, LAST_USED_WRITE_INTERVAL, REVOCATION_POLL_INTERVAL,
            MAX_LIFETIME, MAX_ACTIVE_TOKENS_PER_OWNER);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private ApiTokenSettings() {
    }

    static void applyTo(ApiTokens.Builder builder, Map<String, String> settings) {
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String name = setting.getKey();
            String value = setting.getValue();
            if (value == null) {
                throw new IllegalArgumentException(name + ": a value is required");
            }
            try {
                apply(builder, name, value.strip());
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(name + ":") ? e : new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
    }

    private static void apply(ApiTokens.Builder builder, String name, String value) {
        switch (name) {
            case TOKEN_PREFIX -> builder.tokenPrefix(value);
            case ACCEPT_LEGACY_TOKENS -> builder.acceptLegacyTokens(parseBoolean(name, value));
            case CACHE_MAXIMUM_SIZE -> builder.cacheMaximumSize(parsePositiveInt(name, value));
            case CACHE_TTL -> builder.cacheTtl(parseDuration(name, value));
            case NEGATIVE_CACHE_MAXIMUM_SIZE -> builder.negativeCacheMaximumSize(parsePositiveInt(name, value));
            case NEGATIVE_CACHE_TTL -> builder.negativeCacheTtl(parseDuration(name, value));
            case LAST_USED_WRITE_INTERVAL -> builder.lastUsedWriteInterval(parseDuration(name, value));
            case REVOCATION_POLL_INTERVAL -> builder.revocationPollInterval(parseDuration(name, value));
            case MAX_LIFETIME -> builder.maxLifetime(parseDuration(name, value));
            case MAX_ACTIVE_TOKENS_PER_OWNER -> builder.maxActiveTokensPerOwner(parsePositiveInt(name, value));
            default -> throw new IllegalArgumentException(
                    "unknown setting '" + name + "'; known settings: " + new TreeSet<>(NAMES));
        }
    }

    /**
     * Parses {@code true} or {@code false} (any case); anything else is refused, not read as false.
     *
     * @param name the setting's name, for the message
     * @param value the text
     * @return the value
     */
    public static boolean parseBoolean(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException(name + ": expected true or false, got '" + value + "'");
    }

    /**
     * Parses a positive decimal integer.
     *
     * @param name the setting's name, for the message
     * @param value the text
     * @return the value
     */
    public static int parsePositiveInt(String name, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(name + ": expected a positive integer, got '" + value + "'");
    }

    /**
     * Parses a non-negative duration: {@code 0}, ISO-8601 ({@code PT30S}) or a number with one of the units
     * {@code ms s m h d}.
     *
     * @param name the setting's name, for the message
     * @param value the text
     * @return the duration
     */
    public static Duration parseDuration(String name, String value) {
        String v = value.strip();
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(v);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                name + ": expected a duration such as 30s, 5m, 90d or PT30S, got '" + value + "'");
    }
}
