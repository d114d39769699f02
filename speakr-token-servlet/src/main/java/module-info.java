/**
 * A {@code jakarta.servlet} filter that authenticates personal API tokens issued by
 * {@link org.speakr.token.core.ApiTokens}: {@link org.speakr.token.servlet.ApiTokenFilter} (configured in code),
 * {@link org.speakr.token.servlet.WebXmlApiTokenFilter} (configured by {@code web.xml} init-params), and the
 * RFC 6750 answers of {@link org.speakr.token.servlet.BearerTokenError}; and the leak-response receivers
 * {@link org.speakr.token.servlet.GitHubSecretScanningServlet}, {@link org.speakr.token.servlet.GitLabTokenRevocationServlet}
 * and {@link org.speakr.token.servlet.CredentialRevocationServlet}.
 */
module org.speakr.token.servlet {
    requires transitive org.speakr.token.core;
    requires transitive jakarta.servlet;
    requires java.net.http;
    requires org.slf4j;
    requires com.github.benmanes.caffeine;

    exports org.speakr.token.servlet;
}
