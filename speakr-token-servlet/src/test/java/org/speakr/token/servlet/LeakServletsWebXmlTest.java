package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;

/**
 * The leak servlets declared by class name in a {@code WEB-INF/web.xml}, configured by init-params, deployed with
 * Jetty's ee10 {@link WebAppContext}; the {@link ApiTokens} comes from a context attribute set by a listener.
 */
class LeakServletsWebXmlTest {
    private static final KeyPair PARTNER = PartnerKeys.p256();

    private final ApiTokens tokens = ApiTokens.builder().store(new RecordingStore())
            .revocationPollInterval(Duration.ZERO).build();

    @TempDir
    Path temp;

    @AfterEach
    void close() {
        TestTokenServiceListener.tokens = null;
        tokens.close();
    }

    private static String servlet(String name, String className, String path, List<String> params) {
        StringBuilder xml = new StringBuilder("  <servlet>\n    <servlet-name>").append(name)
                .append("</servlet-name>\n    <servlet-class>").append(className).append("</servlet-class>\n");
        for (int i = 0; i < params.size(); i += 2) {
            xml.append("    <init-param><param-name>").append(params.get(i)).append("</param-name><param-value>")
                    .append(params.get(i + 1)).append("</param-value></init-param>\n");
        }
        return xml.append("    <load-on-startup>1</load-on-startup>\n  </servlet>\n  <servlet-mapping><servlet-name>")
                .append(name).append("</servlet-name><url-pattern>").append(path)
                .append("</url-pattern></servlet-mapping>\n").toString();
    }

    private TestServer deploy(String servlets, boolean start) throws Exception {
        Path webInf = Files.createDirectories(temp.resolve("app/WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + "  <listener><listener-class>org.speakr.token.servlet.TestTokenServiceListener</listener-class></listener>\n"
                + servlets + "</web-app>\n", StandardCharsets.UTF_8);
        TestTokenServiceListener.tokens = tokens;
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(temp.resolve("app"));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        TestServer server = TestServer.create(webapp);
        if (start) {
            server.startServer();
        }
        return server;
    }

    @Test
    void webXmlWhenTheServletsAreDeclaredByClassNameThenEachHandlesItsRequests() throws Exception {
        Path keys = temp.resolve("keys.json");
        Files.writeString(keys, PartnerKeys.document("k1", PARTNER));
        String servlets = servlet("github", "org.speakr.token.servlet.GitHubSecretScanningServlet", "/leaks/github",
                List.of("token-service-attribute", "speakr.tokens", "public-keys-file", keys.toString()))
                + servlet("gitlab", "org.speakr.token.servlet.GitLabTokenRevocationServlet", "/leaks/gitlab",
                List.of("token-service-attribute", "speakr.tokens", "public-keys-file", keys.toString()))
                + servlet("revoke", "org.speakr.token.servlet.CredentialRevocationServlet", "/revoke",
                List.of("token-service-attribute", "speakr.tokens", "requests-per-minute", "2"));
        String viaGithub = tokens.create("alice", "a", Expiration.never()).token().reveal();
        String viaGitlab = tokens.create("alice", "b", Expiration.never()).token().reveal();
        String viaPublic = tokens.create("alice", "c", Expiration.never()).token().reveal();
        String untouched = tokens.create("alice", "d", Expiration.never()).token().reveal();

        try (TestServer server = deploy(servlets, true)) {
            byte[] github = ("[{\"token\":\"" + viaGithub + "\",\"type\":\"t\",\"url\":\"\",\"source\":\"npm\"}]")
                    .getBytes(StandardCharsets.UTF_8);
            Answer fromGithub = PartnerKeys.post(server.uri("/leaks/github"), github, "Github-Public-Key-Identifier",
                    "k1", "Github-Public-Key-Signature", PartnerKeys.sign(PARTNER, github));
            assertThat(fromGithub.status()).as(fromGithub.body()).isEqualTo(200);
            assertThat(fromGithub.body()).contains("\"label\": \"true_positive\"");

            byte[] gitlab = ("[{\"type\":\"t\",\"token\":\"" + viaGitlab + "\",\"url\":null}]")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(PartnerKeys.post(server.uri("/leaks/gitlab"), gitlab, "Gitlab-Public-Key-Identifier", "k1",
                    "Gitlab-Public-Key-Signature", PartnerKeys.sign(PARTNER, gitlab)).status()).isEqualTo(204);

            byte[] revoke = ("{\"credentials\": [\"" + viaPublic + "\"]}").getBytes(StandardCharsets.UTF_8);
            assertThat(PartnerKeys.post(server.uri("/revoke"), revoke).status()).isEqualTo(202);
            assertThat(PartnerKeys.post(server.uri("/revoke"), revoke).status()).isEqualTo(202);
            assertThat(PartnerKeys.post(server.uri("/revoke"), revoke).status()).as("requests-per-minute 2")
                    .isEqualTo(429);
        }
        for (String revoked : List.of(viaGithub, viaGitlab, viaPublic)) {
            assertThat(tokens.authenticate(revoked)).isNotInstanceOf(AuthenticationResult.Authenticated.class);
        }
        assertThat(tokens.authenticate(untouched)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    static Stream<Arguments> badInitParams() {
        String github = "org.speakr.token.servlet.GitHubSecretScanningServlet";
        String gitlab = "org.speakr.token.servlet.GitLabTokenRevocationServlet";
        String revoke = "org.speakr.token.servlet.CredentialRevocationServlet";
        return Stream.of(
                Arguments.of(github, List.of("token-service-attribute", "speakr.tokens", "public-key-url", "x"),
                        "public-key-url: expected one of the known init-params [public-keys-file, public-keys-url, "
                                + "token-service-attribute], got 'x'"),
                Arguments.of(github, List.of(), "token-service-attribute: expected the name of a ServletContext "
                        + "attribute holding an org.speakr.token.core.ApiTokens, got 'null'"),
                Arguments.of(github, List.of("token-service-attribute", "nope"),
                        "token-service-attribute: expected the name of a ServletContext attribute holding an "
                                + "org.speakr.token.core.ApiTokens, set by a ServletContextListener"),
                Arguments.of(github, List.of("token-service-attribute", "speakr.tokens", "public-keys-url", "ftp://x/k"),
                        "public-keys-url: expected an http or https URL, got 'ftp://x/k'"),
                Arguments.of(gitlab, List.of("token-service-attribute", "speakr.tokens"),
                        "public-keys-url: expected the URL of the key document when public-keys-file is not given, "
                                + "got 'null'"),
                Arguments.of(gitlab, List.of("token-service-attribute", "speakr.tokens", "public-keys-url",
                        "https://x/k", "public-keys-file", "/k.json"),
                        "public-keys-file: expected no value when public-keys-url is given, got '/k.json'"),
                Arguments.of(revoke, List.of("token-service-attribute", "speakr.tokens", "requests-per-minute", "0"),
                        "requests-per-minute: expected a positive integer, got '0'"));
    }

    @ParameterizedTest
    @MethodSource("badInitParams")
    void webXmlWhenAnInitParamIsUnknownOrInvalidThenDeploymentFailsNamingIt(String className, List<String> params,
            String message) throws Exception {
        TestServer server = deploy(servlet("s", className, "/s", params), false);
        try {
            assertThatThrownBy(server::startServer).hasStackTraceContaining(message);
        } finally {
            server.close();
        }
    }
}
