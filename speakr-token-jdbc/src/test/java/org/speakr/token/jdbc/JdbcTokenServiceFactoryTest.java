package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;

/** {@link JdbcTokenServiceFactory}: init-params, JNDI look-up, and the whole {@code web.xml} path in Jetty. */
class JdbcTokenServiceFactoryTest {
    private static final String GLOBAL_NAME = "jdbc/speakr-factory-test";

    private static DataSource h2;

    @BeforeAll
    static void bindGlobalDataSource() throws NamingException {
        h2 = TestDatabases.h2("jdbc-token-service-factory-test");
        new Resource(GLOBAL_NAME, h2);
    }

    @AfterAll
    static void unbind() throws NamingException {
        InitialContext context = new InitialContext();
        context.unbind(GLOBAL_NAME);
        context.close();
    }

    @Test
    void webXmlFilterWithTheFactoryAndAJndiDataSourceAuthenticatesATokenCreatedInThatDatabase() throws Exception {
        DataSource database = TestDatabases.h2("jndi-webapp");
        JdbcTokenStore store = JdbcTokenStore.builder(database).tableName("webapp_api_tokens").build();
        store.initializeSchema();
        String token;
        try (ApiTokens admin = ApiTokens.builder().store(store).build()) {
            token = admin.create("alice", "n8n", Expiration.after(Duration.ofDays(30))).token().reveal();
        }

        Server server = new Server(0);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of(getClass().getResource("/jndi-webapp").toURI()));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration());
        new Resource(webapp, "jdbc/tokens", database);
        server.setHandler(new org.speakr.token.core.canary.CanaryHandler(webapp));
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI whoami = server.getURI().resolve("/api/whoami");

            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(whoami)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(whoami)
                    .header("Authorization", "Bearer " + token.substring(0, token.length() - 8) + "AAAAAAAA").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(whoami).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("alice Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer ").contains("invalid_token"));
            assertThat(none.statusCode()).isEqualTo(401);
        } finally {
            server.stop();
        }
    }

    @Test
    void parameterNamesAreTheFactorysOwnAndEveryApiTokensSetting() {
        Set<String> names = new JdbcTokenServiceFactory().parameterNames();

        assertThat(names).containsAll(ApiTokenSettings.NAMES)
                .contains("datasource", "table-name", "query-timeout", "initialize-schema")
                .hasSize(ApiTokenSettings.NAMES.size() + 4);
    }

    @Test
    void createWithAGlobalJndiNameAndSettingsBuildsTheConfiguredService() throws ServletException {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "table-name", "factory_tokens",
                "query-timeout", "5s", "initialize-schema", "true", "cache-ttl", "5m");

        try (ApiTokens tokens = new JdbcTokenServiceFactory().create(config(params))) {
            assertThat(tokens.store()).hasToString("JdbcTokenStore[table=factory_tokens, queryTimeout=PT5S]");
            assertThat(tokens.toString()).contains("cacheTtl=PT5M");
            String token = tokens.create("bob", "cron", Expiration.after(Duration.ofDays(7))).token().reveal();
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
        } finally {
            TestDatabases.dropTable(h2, "factory_tokens");
        }
    }

    @Test
    void createWhenDatasourceIsMissingThenDeploymentFailsNamingIt() {
        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(config(Map.of())))
                .isInstanceOf(ServletException.class)
                .hasMessage("Missing init-param datasource: the JNDI name of a DataSource, e.g. jdbc/tokens");
    }

    @Test
    void createWhenNothingIsBoundAtTheNameThenDeploymentFailsNamingBothPlacesLookedAt() {
        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(config(Map.of("datasource", "jdbc/nothing"))))
                .isInstanceOf(ServletException.class)
                .hasMessage("Invalid init-param datasource: no DataSource bound in JNDI at jdbc/nothing or"
                        + " java:comp/env/jdbc/nothing");
    }

    @Test
    void createWhenTheNameIsBoundToSomethingElseThenDeploymentFails() throws NamingException {
        new Resource("jdbc/not-a-datasource", "just a string");
        try {
            assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(
                    config(Map.of("datasource", "jdbc/not-a-datasource"))))
                    .isInstanceOf(ServletException.class)
                    .hasMessage("Invalid init-param datasource: 'jdbc/not-a-datasource' is bound to a"
                            + " java.lang.String, not a javax.sql.DataSource");
        } finally {
            InitialContext context = new InitialContext();
            context.unbind("jdbc/not-a-datasource");
            context.close();
        }
    }

    @Test
    void createWhenTheTableNameIsInvalidThenDeploymentFailsNamingTheInitParam() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "table-name", "tokens; DROP TABLE users");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(config(params)))
                .isInstanceOf(ServletException.class)
                .hasMessage("Invalid init-param table-name: tableName must be an SQL identifier"
                        + " [A-Za-z_][A-Za-z0-9_]{0,62}, optionally schema-qualified, was 'tokens; DROP TABLE users'");
    }

    @Test
    void createWhenTheQueryTimeoutIsNotWholeSecondsThenDeploymentFailsNamingTheInitParam() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "query-timeout", "1500ms");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(config(params)))
                .isInstanceOf(ServletException.class)
                .hasMessage("Invalid init-param query-timeout: queryTimeout must be a positive whole number of"
                        + " seconds, was PT1.5S");
    }

    @Test
    void createWhenAnApiTokensSettingIsInvalidThenDeploymentFailsNamingIt() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "cache-ttl", "soon");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(config(params)))
                .isInstanceOf(ServletException.class)
                .hasMessage("Invalid init-param cache-ttl: expected a duration such as 30s, 5m, 90d or PT30S,"
                        + " got 'soon'");
    }

    private static FilterConfig config(Map<String, String> params) {
        Map<String, String> copy = new HashMap<>(params);
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "api-tokens";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return copy.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(copy.keySet());
            }
        };
    }
}
