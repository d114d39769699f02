package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.testkit.canary.CanaryHandler;

/**
 * The whole {@code web.xml} path in Jetty: {@code WebXmlApiTokenFilter} with {@link JdbcTokenServiceFactory} on a
 * container-managed JNDI {@code DataSource} authenticates a token created in that database.
 */
class WebXmlJndiDeploymentTest {

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
        server.setHandler(new CanaryHandler(webapp));
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
}
