package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.jetty.plus.jndi.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;

/** {@link JdbcTokenServiceFactory}: settings by name, JNDI look-up, schema initialisation. */
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
    void settingNamesAreTheFactorysOwnAndTheStoresBesideTheCoreOnes() {
        Set<String> names = new JdbcTokenServiceFactory().settingNames();

        assertThat(names).containsExactlyInAnyOrder("datasource", "initialize-schema", "table-name", "query-timeout",
                "notify-channel").doesNotContainAnyElementsOf(ApiTokenSettings.NAMES);
    }

    @Test
    void createWithAGlobalJndiNameAndSettingsBuildsTheConfiguredService() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "table-name", "factory_tokens",
                "query-timeout", "5s", "initialize-schema", "true", "cache-ttl", "5m");

        try (ApiTokens tokens = new JdbcTokenServiceFactory().create(params)) {
            assertThat(tokens.toString()).contains("cache-ttl=5m", "store=" + JdbcTokenStore.class.getName());
            String token = tokens.create("bob", "cron", Expiration.after(Duration.ofDays(7))).token().reveal();
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
        } finally {
            TestDatabases.dropTable(h2, "factory_tokens");
        }
    }

    @Test
    void createWhenDatasourceIsMissingThenDeploymentFailsNamingIt() {
        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create((Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasource: expected the JNDI name of a DataSource, e.g. jdbc/tokens, got 'null'");
    }

    @Test
    void createWhenNothingIsBoundAtTheNameThenDeploymentFailsNamingBothPlacesLookedAt() {
        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create((Map.of("datasource", "jdbc/nothing"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasource: expected a DataSource bound in JNDI at jdbc/nothing or"
                        + " java:comp/env/jdbc/nothing, got 'jdbc/nothing'");
    }

    @Test
    void createWhenTheNameIsBoundToSomethingElseThenDeploymentFails() throws NamingException {
        new Resource("jdbc/not-a-datasource", "just a string");
        try {
            assertThatThrownBy(() -> new JdbcTokenServiceFactory().create(
                    Map.of("datasource", "jdbc/not-a-datasource")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("datasource: expected a name bound to a javax.sql.DataSource, not to a"
                            + " java.lang.String, got 'jdbc/not-a-datasource'");
        } finally {
            InitialContext context = new InitialContext();
            context.unbind("jdbc/not-a-datasource");
            context.close();
        }
    }

    @Test
    void createWhenTheTableNameIsInvalidThenDeploymentFailsNamingTheInitParam() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "table-name", "tokens; DROP TABLE users");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create((params)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table-name: expected an SQL identifier [A-Za-z_][A-Za-z0-9_]{0,62}, optionally"
                        + " schema-qualified, got 'tokens; DROP TABLE users'");
    }

    @Test
    void createWhenTheQueryTimeoutIsNotWholeSecondsThenDeploymentFailsNamingTheInitParam() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "query-timeout", "1500ms");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create((params)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query-timeout: expected a positive whole number of seconds, got '1500ms'");
    }

    @Test
    void createWhenAnApiTokensSettingIsInvalidThenDeploymentFailsNamingIt() {
        Map<String, String> params = Map.of("datasource", GLOBAL_NAME, "cache-ttl", "soon");

        assertThatThrownBy(() -> new JdbcTokenServiceFactory().create((params)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache-ttl: expected a duration such as 30s, 5m, 90d or PT30S, got 'soon'");
    }
}
