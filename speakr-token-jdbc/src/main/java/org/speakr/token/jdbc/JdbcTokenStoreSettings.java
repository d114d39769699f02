package org.speakr.token.jdbc;

import java.util.Set;

/**
 * The names of the {@link JdbcTokenStore} settings that can be given as text: through
 * {@link JdbcTokenStore.Builder#apply(java.util.Map)}, as {@code web.xml} init-params of
 * {@link JdbcTokenServiceFactory}, or as Spring properties under {@code speakr.token.jdbc.}. Each name is also
 * the name a bad value is refused with: {@code table-name: expected an SQL identifier …, got 'x;y'}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>builder method</th><th>default</th></tr>
 * <tr><td>{@value #TABLE_NAME}</td><td>{@code tableName}</td><td>{@code speakr_api_tokens}</td></tr>
 * <tr><td>{@value #QUERY_TIMEOUT}</td><td>{@code queryTimeout}</td><td>{@code 2s}</td></tr>
 * <tr><td>{@value #NOTIFY_CHANNEL}</td><td>{@code notifyChannel}</td><td>none</td></tr>
 * </table>
 */
public final class JdbcTokenStoreSettings {
    /** An SQL identifier, optionally schema-qualified. */
    public static final String TABLE_NAME = "table-name";
    /** Whole seconds, at least 1 s. */
    public static final String QUERY_TIMEOUT = "query-timeout";
    /** PostgreSQL only: the {@code NOTIFY} channel for revocations. */
    public static final String NOTIFY_CHANNEL = "notify-channel";

    /** Every setting name above. */
    public static final Set<String> NAMES = Set.of(TABLE_NAME, QUERY_TIMEOUT, NOTIFY_CHANNEL);

    private JdbcTokenStoreSettings() {
    }
}
