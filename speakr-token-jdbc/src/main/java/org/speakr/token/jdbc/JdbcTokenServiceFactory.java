package org.speakr.token.jdbc;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.TokenServiceFactory;

/**
 * Builds an {@link ApiTokens} on a {@link JdbcTokenStore} over a container-managed {@link DataSource} found in
 * JNDI, from settings given as text: the init-params of a {@code web.xml} filter, for example.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>api-tokens</filter-name>
 *   <filter-class>org.speakr.token.servlet.WebXmlApiTokenFilter</filter-class>
 *   <init-param>
 *     <param-name>token-service-factory</param-name>
 *     <param-value>org.speakr.token.jdbc.JdbcTokenServiceFactory</param-value>
 *   </init-param>
 *   <init-param>
 *     <param-name>datasource</param-name>
 *     <param-value>jdbc/tokens</param-value>
 *   </init-param>
 * </filter>
 * }</pre>
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>value</th><th>default</th></tr>
 * <tr><td>{@value #DATASOURCE}</td><td>JNDI name of a {@code DataSource}: looked up as given, then under
 *     {@code java:comp/env/}</td><td>required</td></tr>
 * <tr><td>{@value #INITIALIZE_SCHEMA}</td><td>{@code true}: create the table and indexes at start-up unless
 *     they exist</td><td>{@code false}</td></tr>
 * <tr><td>the names of {@link JdbcTokenStoreSettings}</td><td>as documented there ({@code table-name},
 *     {@code query-timeout}, …)</td><td>as documented there</td></tr>
 * <tr><td>the names of {@link ApiTokenSettings}</td><td>as documented there ({@code cache-ttl},
 *     {@code revocation-poll-interval}, …)</td><td>as documented there</td></tr>
 * </table>
 *
 * <p>A missing or invalid setting or a name not bound to a {@code DataSource} is an
 * {@link IllegalArgumentException} naming the setting; a failing schema initialisation an
 * {@link IllegalStateException}.
 */
public final class JdbcTokenServiceFactory implements TokenServiceFactory {
    /** The JNDI name of the {@link DataSource}. */
    public static final String DATASOURCE = "datasource";
    /** {@code true} to run {@link JdbcTokenStore#initializeSchema()} at start-up. */
    public static final String INITIALIZE_SCHEMA = "initialize-schema";

    private static final String ENC_PREFIX = "java:comp/env/";
    private static final Set<String> OWN_NAMES;

    static {
        Set<String> names = new LinkedHashSet<>(Set.of(DATASOURCE, INITIALIZE_SCHEMA));
        names.addAll(JdbcTokenStoreSettings.NAMES);
        OWN_NAMES = Set.copyOf(names);
    }

    /** Creates the factory; deployments call this through reflection. */
    public JdbcTokenServiceFactory() {
    }

    /** @return {@value #DATASOURCE}, {@value #INITIALIZE_SCHEMA} and the names of {@link JdbcTokenStoreSettings} */
    @Override
    public Set<String> settingNames() {
        return OWN_NAMES;
    }

    @Override
    public ApiTokens create(Map<String, String> settings) {
        Map<String, String> core = new HashMap<>();
        Map<String, String> store = new HashMap<>();
        settings.forEach((name, value) -> {
            if (JdbcTokenStoreSettings.NAMES.contains(name)) {
                store.put(name, value);
            } else if (!OWN_NAMES.contains(name)) {
                core.put(name, value);
            }
        });
        String jndiName = settings.get(DATASOURCE);
        if (jndiName == null || jndiName.isBlank()) {
            throw SettingValues.invalid(DATASOURCE, "the JNDI name of a DataSource, e.g. jdbc/tokens", jndiName);
        }
        boolean initializeSchema = settings.containsKey(INITIALIZE_SCHEMA)
                && SettingValues.parseBoolean(INITIALIZE_SCHEMA, settings.get(INITIALIZE_SCHEMA));
        ApiTokens.Builder tokens = ApiTokens.builder().apply(core);
        JdbcTokenStore built = JdbcTokenStore.builder(lookUp(jndiName.strip())).apply(store).build();
        if (initializeSchema) {
            try {
                built.initializeSchema();
            } catch (RuntimeException e) {
                throw new IllegalStateException(INITIALIZE_SCHEMA + ": could not create table " + built.tableName()
                        + ": " + e.getMessage(), e);
            }
        }
        return tokens.store(built).build();
    }

    private static DataSource lookUp(String name) {
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(name);
        if (!name.startsWith("java:")) {
            candidates.add(ENC_PREFIX + name);
        }
        NamingException last = null;
        try {
            InitialContext context = new InitialContext();
            try {
                for (String candidate : candidates) {
                    Object bound;
                    try {
                        bound = context.lookup(candidate);
                    } catch (NamingException e) {
                        last = e;
                        continue;
                    }
                    if (bound instanceof DataSource dataSource) {
                        return dataSource;
                    }
                    throw SettingValues.invalid(DATASOURCE, "a name bound to a javax.sql.DataSource, not to a "
                            + (bound == null ? "null" : bound.getClass().getName()), candidate);
                }
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            last = e;
        }
        IllegalArgumentException failure = SettingValues.invalid(DATASOURCE,
                "a DataSource bound in JNDI at " + String.join(" or ", candidates), name);
        if (last != null) {
            failure.initCause(last);
        }
        throw failure;
    }
}
