package org.speakr.token.core;

import java.util.Set;

/**
 * The names of the {@link ApiTokens} settings that can be given as text: through
 * {@link ApiTokens.Builder#apply(java.util.Map)}, as {@code web.xml} init-params, as Spring properties under
 * {@code speakr.token.} (relaxed binding), or as command-line flags. Each name is also the name a bad value is
 * refused with: {@code cache-ttl: expected a positive duration of at least 1ms, got '0'}.
 *
 * <p>Durations are {@code 0}, ISO-8601 ({@code PT30S}, {@code P90D}) or a number with a unit: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}.
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
 * <tr><td>{@value #ROTATED_TOKEN_REUSE}</td><td>{@code rotatedTokenReuse}</td><td>{@code reject}</td></tr>
 * <tr><td>{@value #EXPIRY_NOTICE_THRESHOLDS}</td><td>{@code expiryNoticeThresholds}</td><td>7d,1d ({@code none} = off)</td></tr>
 * <tr><td>{@value #UNUSED_TOKEN_IDLE_TIME}</td><td>{@code unusedTokenIdleTime}</td><td>off</td></tr>
 * <tr><td>{@value #PURGE_RETENTION}</td><td>{@code purgeRetention}</td><td>off</td></tr>
 * <tr><td>{@value #MAINTENANCE_INTERVAL}</td><td>{@code maintenanceInterval}</td><td>10m</td></tr>
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

    /** {@code reject} or {@code revoke-family}. */
    public static final String ROTATED_TOKEN_REUSE = "rotated-token-reuse";
    /** Comma-separated positive durations, e.g. {@code 7d,1d}; {@code none} turns notices off. */
    public static final String EXPIRY_NOTICE_THRESHOLDS = "expiry-notice-thresholds";
    /** Positive duration. */
    public static final String UNUSED_TOKEN_IDLE_TIME = "unused-token-idle-time";
    /** Positive duration. */
    public static final String PURGE_RETENTION = "purge-retention";
    /** Positive duration. */
    public static final String MAINTENANCE_INTERVAL = "maintenance-interval";

    /** Every setting name above. */
    public static final Set<String> NAMES = Set.of(TOKEN_PREFIX, ACCEPT_LEGACY_TOKENS, CACHE_MAXIMUM_SIZE, CACHE_TTL,
            NEGATIVE_CACHE_MAXIMUM_SIZE, NEGATIVE_CACHE_TTL, LAST_USED_WRITE_INTERVAL, REVOCATION_POLL_INTERVAL,
            MAX_LIFETIME, MAX_ACTIVE_TOKENS_PER_OWNER, ROTATED_TOKEN_REUSE, EXPIRY_NOTICE_THRESHOLDS,
            UNUSED_TOKEN_IDLE_TIME, PURGE_RETENTION, MAINTENANCE_INTERVAL);

    private ApiTokenSettings() {
    }
}
