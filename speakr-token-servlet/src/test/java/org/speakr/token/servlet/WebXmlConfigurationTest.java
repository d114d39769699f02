package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speakr.token.testkit.MutableClock;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;

/**
 * {@code web.xml} deployment: web application directories with {@code WEB-INF/web.xml} that register
 * {@link WebXmlApiTokenFilter} by class name, deployed with Jetty's ee10 {@link WebAppContext}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebXmlConfigurationTest {
    private static final String FILTER_CLASS = "org.speakr.token.servlet.WebXmlApiTokenFilter";
    private static final String FACTORY_CLASS = "org.speakr.token.servlet.TestTokenServiceFactory";

    static {
        LogCapture.install();
    }

    @TempDir
    Path temp;

    private static WebAppContext webapp(Path directory) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(directory);
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(WebXmlConfigurationTest.class.getResource("/webapps/" + name).toURI());
    }

    @AfterAll
    static void closeListenerService() {
        if (TestTokenServiceListener.tokens != null) {
            TestTokenServiceListener.tokens.close();
        }
    }

    @Test
    void factoryWhenDeployedFromWebXmlThenAnswersAndClosesItsServiceOnStop() throws Exception {
        RecordingStore store = new RecordingStore();
        TestTokenServiceFactory.store = store;
        CreatedToken reader;
        CreatedToken tagsOnly;
        try (ApiTokens admin = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build()) {
            reader = Secrets.create(admin, "alice", "n8n", Expiration.after(Duration.ofDays(90)), "recordings:read");
            tagsOnly = Secrets.create(admin, "alice", "tags", Expiration.after(Duration.ofDays(90)), "tags:read");
        }
        String token = reader.token().reveal();

        TestServer server = TestServer.start(webapp(resource("factory")));
        try {
            assertThat(TestTokenServiceFactory.lastSettings).as("the init-params that are not the filter's own")
                    .isEqualTo(java.util.Map.of("cache-ttl", "10s"));
            Answer ok = TestHttp.get(server.uri("/api/recordings"), "Authorization", "Bearer " + token);
            assertThat(ok.status()).as(ok.all()).isEqualTo(200);
            assertThat(ok.body()).contains("remoteUser=alice\n", "authType=Bearer\n",
                    "principal=alice " + reader.info().id() + " n8n [recordings:read]\n").doesNotContain(token);
            assertThat(ok.header(ApiTokenFilter.EXPIRATION_RESPONSE_HEADER)).isEqualTo(reader.info().expiresAt().toString());

            Answer byQuery = TestHttp.get(server.uri("/api/recordings?token=" + token + "&page=1"));
            assertThat(byQuery.status()).isEqualTo(200);
            assertThat(byQuery.header("Cache-Control")).isEqualTo("private");
            assertThat(byQuery.body()).contains("query=page=1\n").doesNotContain(token);

            Answer none = TestHttp.get(server.uri("/api/recordings"));
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"speakr\"");

            Answer scope = TestHttp.get(server.uri("/api/recordings"), "X-API-Token", tagsOnly.token().reveal());
            assertThat(scope.status()).isEqualTo(403);
            assertThat(scope.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"speakr\", error=\"insufficient_scope\", "
                    + "error_description=\"The token lacks a required scope\", scope=\"recordings:read\"");

            Answer twice = TestHttp.get(server.uri("/api/recordings?token=" + token), "X-API-Token", token);
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.body()).isEqualTo(
                    "{\"error\": \"invalid_request\", \"error_description\": \"Found multiple tokens in the request\"}");

            assertThat(store.lastUsedWrites()).isEmpty();
        } finally {
            server.close();
        }
        // destroy() closed the service the factory made, which flushed its pending last-use writes; the
        // tags-only token's use was refused for its scope, so it is not recorded.
        assertThat(store.lastUsedWrites()).containsOnlyKeys(reader.info().id());
    }

    @Test
    void attributeWhenSetByListenerThenAnswersAndLeavesServiceOpenOnStop() throws Exception {
        RecordingStore store = new RecordingStore();
        ApiTokens tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build();
        TestTokenServiceListener.tokens = tokens;
        CreatedToken created = Secrets.create(tokens, "bob", "zapier", Expiration.after(Duration.ofDays(7)));
        String token = created.token().reveal();

        TestServer server = TestServer.start(webapp(resource("attribute")));
        try {
            Answer ok = TestHttp.get(server.uri("/api/recordings"), "API-Token", token);
            assertThat(ok.status()).as(ok.all()).isEqualTo(200);
            assertThat(ok.body()).contains("remoteUser=bob\n", "authType=Bearer\n").doesNotContain(token);
            assertThat(ok.headers()).doesNotContainKey("speakr-token-expiration");

            Answer anonymous = TestHttp.get(server.uri("/api/recordings"));
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.body()).contains("remoteUser=null\n");

            Answer queryOff = TestHttp.get(server.uri("/api/recordings?token=not-a-secret"));
            assertThat(queryOff.status()).isEqualTo(200);
            assertThat(queryOff.body()).contains("remoteUser=null\n", "query=token=not-a-secret\n");

            Answer bad = TestHttp.get(server.uri("/api/recordings"), "Authorization", "Bearer not-a-token");
            assertThat(bad.status()).isEqualTo(401);
            assertThat(bad.header("WWW-Authenticate")).isEqualTo(
                    "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token is invalid\"");

            // The web.xml filter hands the client's address to the service too: refused outside its networks,
            // and that refused use is not recorded (the last assertion below lists the one recorded use).
            String office = Secrets.remember(tokens.create("bob", "office", Expiration.never(), java.util.Set.of(),
                    org.speakr.token.core.AllowedNetworks.of(List.of("10.0.0.0/8")))).token().reveal();
            Answer outside = TestHttp.get(server.uri("/api/recordings"), "API-Token", office);
            assertThat(outside.status()).isEqualTo(403);
            assertThat(outside.header("WWW-Authenticate")).contains("error=\"network_not_allowed\"");
        } finally {
            server.close();
        }
        assertThat(store.lastUsedWrites()).as("the filter must not close a service it did not create").isEmpty();
        tokens.close();
        assertThat(store.lastUsedWrites()).containsOnlyKeys(created.info().id());
        TestTokenServiceListener.tokens = null;
    }

    private static List<String> factoryParams(String... extra) {
        List<String> params = new ArrayList<>(List.of("token-service-factory", FACTORY_CLASS));
        params.addAll(List.of(extra));
        return params;
    }

    static Stream<Arguments> badInitParams() {
        return Stream.of(
                Arguments.of(factoryParams("failure-limt", "3"), "failure-limt: expected one of the known init-params [accept-legacy-tokens, "),
                Arguments.of(factoryParams("failure-limit", "abc"),
                        "failure-limit: expected a positive integer, got 'abc'"),
                Arguments.of(factoryParams("failure-limit", "0"),
                        "failure-limit: expected a positive integer, got '0'"),
                Arguments.of(factoryParams("failure-window", "500ms"),
                        "failure-window: expected at least 1s, got '500ms'"),
                Arguments.of(factoryParams("failure-window", "soon"),
                        "failure-window: expected a duration such as 30s, 5m, 90d or PT30S, got 'soon'"),
                Arguments.of(factoryParams("mode", "sometimes"),
                        "mode: expected required or optional, got 'sometimes'"),
                Arguments.of(factoryParams("allow-query-parameter", "yes"),
                        "allow-query-parameter: expected true or false, got 'yes'"),
                Arguments.of(factoryParams("expiration-header", "1"),
                        "expiration-header: expected true or false, got '1'"),
                Arguments.of(factoryParams("query-parameter", "a b"),
                        "query-parameter: expected 1 to 64 of [A-Za-z0-9._~-], got 'a b'"),
                Arguments.of(factoryParams("realm", "say \"hi\""),
                        "realm: expected 1 to 100 printable ASCII characters without"),
                Arguments.of(factoryParams("required-scopes", "recordings:read tags\\read"),
                        "required-scopes: expected RFC 6749 scope tokens of 1 to 64 printable ASCII characters "
                                + "without space, '\"' or '\\', got 'tags\\read'"),
                Arguments.of(factoryParams("required-scopes", "recordings:read " + "s".repeat(65)),
                        "required-scopes: expected RFC 6749 scope tokens of 1 to 64 printable ASCII characters "
                                + "without space, '\"' or '\\', got '" + "s".repeat(65) + "'"),
                Arguments.of(factoryParams("cache-ttl", "-1s"), "cache-ttl: expected a duration"),
                Arguments.of(List.of("token-service-factory", "com.example.Missing"),
                        "token-service-factory: expected a class on the web application's class path, got 'com.example.Missing'"),
                Arguments.of(List.of("token-service-factory", "java.lang.String"),
                        "token-service-factory: expected a class implementing "
                                + "org.speakr.token.core.spi.TokenServiceFactory, got 'java.lang.String'"),
                Arguments.of(factoryParams("token-service-attribute", "speakr.tokens"),
                        "token-service-attribute: expected no value when token-service-factory is given, "
                                + "got 'speakr.tokens'"),
                Arguments.of(List.of("mode", "optional"),
                        "token-service-factory: expected a TokenServiceFactory class name when "
                                + "token-service-attribute is not given, got 'null'"),
                Arguments.of(List.of("token-service-attribute", "no.such.attribute"),
                        "token-service-attribute: expected the name of a ServletContext attribute holding an "
                                + "org.speakr.token.core.ApiTokens, set by a ServletContextListener that runs before the "
                                + "filter starts, got 'no.such.attribute'"),
                Arguments.of(List.of("token-service-attribute", "speakr.tokens", "cache-ttl", "10s"),
                        "cache-ttl: expected one of the known init-params [allow-query-parameter, expiration-header, "
                                + "failure-limit, failure-window, mode, query-parameter, query-parameter-any-method, realm, "
                                + "required-scopes, token-service-attribute, token-service-factory], got '10s'"));
    }

    @ParameterizedTest
    @MethodSource("badInitParams")
    void initParamWhenUnknownOrInvalidThenDeploymentFailsNamingIt(List<String> params, String message) throws Exception {
        StringBuilder initParams = new StringBuilder();
        for (int i = 0; i < params.size(); i += 2) {
            initParams.append("    <init-param><param-name>").append(params.get(i))
                    .append("</param-name><param-value>").append(xml(params.get(i + 1)))
                    .append("</param-value></init-param>\n");
        }
        Path webInf = Files.createDirectories(temp.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + "  <filter>\n    <filter-name>api-tokens</filter-name>\n    <filter-class>" + FILTER_CLASS
                + "</filter-class>\n" + initParams + "  </filter>\n"
                + "  <filter-mapping><filter-name>api-tokens</filter-name><url-pattern>/*</url-pattern></filter-mapping>\n"
                + "</web-app>\n", StandardCharsets.UTF_8);
        TestServer server = TestServer.create(webapp(temp));
        try {
            assertThatThrownBy(server::startServer).hasStackTraceContaining(message);
        } finally {
            server.close();
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void logsWhenAllDeploymentsRanThenNeverContainAToken() {
        assertThat(LogCapture.text()).contains("ApiTokenFilter 'api-tokens' ready with the token service from "
                + "token-service-factory " + FACTORY_CLASS);
        assertThat(Secrets.foundIn(LogCapture.text())).as("token plaintexts in the logs").isEmpty();
        assertThat(Secrets.foundIn(EchoServlet.seen())).as("token plaintexts seen by the application").isEmpty();
    }
}
