package org.speakr.token.jdbc;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.servlet.TokenServiceFactory;

/**
 * Builds the {@link ApiTokens} of an {@code ApiTokenFilter} deployed from {@code web.xml}, on a
 * {@link JdbcTokenStore} over a container-managed {@link DataSource} found in JNDI.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>api-tokens</filter-name>
 *   <filter-class>org.speakr.token.servlet.ApiTokenFilter</filter-class>
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
 * <caption>Init-params</caption>
 * <tr><th>name</th><th>value</th><th>default</th></tr>
 * <tr><td>{@value #DATASOURCE}</td><td>JNDI name of a {@code DataSource}: looked up as given, then under
 *     {@code java:comp/env/}</td><td>required</td></tr>
 * <tr><td>{@value #TABLE_NAME}</td><td>table name, see {@link JdbcTokenStore.Builder#tableName}</td>
 *     <td>{@code speakr_api_tokens}</td></tr>
 * <tr><td>{@value #QUERY_TIMEOUT}</td><td>whole seconds: {@code 2s}, {@code PT5S}</td><td>{@code 2s}</td></tr>
 * <tr><td>{@value #INITIALIZE_SCHEMA}</td><td>{@code true}: create the table and indexes at start-up unless
 *     they exist</td><td>{@code false}</td></tr>
 * <tr><td>the names of {@link ApiTokenSettings}</td><td>as documented there ({@code cache-ttl},
 *     {@code revocation-poll-interval}, …)</td><td>as documented there</td></tr>
 * </table>
 *
 * <p>A missing or invalid init-param, a name not bound to a {@code DataSource}, or a failing schema
 * initialisation fails the deployment with a {@link ServletException} naming the init-param.
 */
public final class JdbcTokenServiceFactory implements TokenServiceFactory {
    /** Init-param: the JNDI name of the {@link DataSource}. */
    public static final String DATASOURCE = "datasource";
    /** Init-param: the table name. */
    public static final String TABLE_NAME = "table-name";
    /** Init-param: the query timeout, whole seconds. */
    public static final String QUERY_TIMEOUT = "query-timeout";
    /** Init-param: {@code true} to run {@link JdbcTokenStore#initializeSchema()} at start-up. */
    public static final String INITIALIZE_SCHEMA = "initialize-schema";

    private static final String ENC_PREFIX = "java:comp/env/";
    private static final Set<String> NAMES;

    static {
        Set<String> names = new TreeSet<>(Set.of(DATASOURCE, TABLE_NAME, QUERY_TIMEOUT, INITIALIZE_SCHEMA));
        names.addAll(ApiTokenSettings.NAMES);
        NAMES = Set.copyOf(names);
    }

    /** Creates the factory; the filter calls this through reflection. */
    public JdbcTokenServiceFactory() {
    }

    /**
     * @return {@value #DATASOURCE}, {@value #TABLE_NAME}, {@value #QUERY_TIMEOUT}, {@value #INITIALIZE_SCHEMA} and
     *         every name in {@link ApiTokenSettings#NAMES}
     */
    @Override
    public Set<String> parameterNames() {
        return NAMES;
    }

    @Override
    public ApiTokens create(FilterConfig config) throws ServletException {
        String jndiName = config.getInitParameter(DATASOURCE);
        if (jndiName == null || jndiName.isBlank()) {
            throw new ServletException("Missing init-param " + DATASOURCE + ": the JNDI name of a DataSource,"
                    + " e.g. jdbc/tokens");
        }
        DataSource dataSource = lookUp(jndiName.strip());

        JdbcTokenStore.Builder store = JdbcTokenStore.builder(dataSource);
        Map<String, String> settings = new HashMap<>();
        boolean initializeSchema = false;
        try {
            String table = config.getInitParameter(TABLE_NAME);
            if (table != null) {
                store.tableName(table.strip());
            }
            String timeout = config.getInitParameter(QUERY_TIMEOUT);
            if (timeout != null) {
                Duration parsed = ApiTokenSettings.parseDuration(QUERY_TIMEOUT, timeout);
                store.queryTimeout(parsed);
            }
            String initialize = config.getInitParameter(INITIALIZE_SCHEMA);
            if (initialize != null) {
                initializeSchema = ApiTokenSettings.parseBoolean(INITIALIZE_SCHEMA, initialize);
            }
            for (String name : ApiTokenSettings.NAMES) {
                String value = config.getInitParameter(name);
                if (value != null) {
                    settings.put(name, value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid init-param " + prefixed(e.getMessage()), e);
        }

        JdbcTokenStore built = store.build();
        if (initializeSchema) {
            try {
                built.initializeSchema();
            } catch (RuntimeException e) {
                throw new ServletException("init-param " + INITIALIZE_SCHEMA + ": could not create table "
                        + built.tableName() + ": " + e.getMessage(), e);
            }
        }
        try {
            return ApiTokens.builder().store(built).apply(settings).build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid init-param " + e.getMessage(), e);
        }
    }

    /** Builder messages name the builder setting ("tableName must …"); lead with the init-param instead. */
    private static String prefixed(String message) {
        if (message.startsWith("tableName ")) {
            return TABLE_NAME + ": " + message;
        }
        if (message.startsWith("queryTimeout ")) {
            return QUERY_TIMEOUT + ": " + message;
        }
        return message;
    }

    private static DataSource lookUp(String name) throws ServletException {
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
                    throw new ServletException("Invalid init-param " + DATASOURCE + ": '" + candidate
                            + "' is bound to a " + (bound == null ? "null" : bound.getClass().getName())
                            + ", not a javax.sql.DataSource");
                }
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            last = e;
        }
        ServletException failure = new ServletException("Invalid init-param " + DATASOURCE + ": no DataSource bound"
                + " in JNDI at " + String.join(" or ", candidates));
        if (last != null) {
            failure.initCause(last);
        }
        throw failure;
    }
}
