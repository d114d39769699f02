package org.speakr.token.servlet;

import org.speakr.token.core.ApiTokens;

/**
 * Receives GitLab token revocation requests (GitLab's secret detection found tokens of this service in a public
 * project and {@code POST}s them here); each valid one is revoked at once ({@link ApiTokens#reportLeaked}, reason
 * {@code LEAKED}, reporter {@code gitlab}, the match's {@code url} as source).
 *
 * <p>The request is a JSON array of {@code {"type", "token", "url"}}, signed: the {@code Gitlab-Public-Key-Signature}
 * header is the base64 ASN.1 DER ECDSA P-256 / SHA-256 signature of the raw body by the key
 * {@code Gitlab-Public-Key-Identifier} names in the key document (same shape as GitHub's). The signature is checked
 * before the body is parsed. GitLab retries every answer of 400 or more, so handling is idempotent: a token
 * reported again is already invalid, and the answer is the same.
 *
 * <table>
 * <caption>Answers ({@code Cache-Control: no-store}; errors as JSON)</caption>
 * <tr><th>status</th><th>when</th></tr>
 * <tr><td>204</td><td>verified and handled, whatever was found (no body)</td></tr>
 * <tr><td>400</td><td>verified, but not a JSON array of objects each with a string {@code token}: nothing
 *     revoked</td></tr>
 * <tr><td>401</td><td>a signature header missing, or the signature does not verify (unknown key identifier,
 *     another key, a changed body, not base64): nothing parsed, nothing revoked</td></tr>
 * <tr><td>405</td><td>not {@code POST}</td></tr>
 * <tr><td>413</td><td>body over 1 MiB</td></tr>
 * <tr><td>503</td><td>the key document or the token store is unavailable, with {@code Retry-After} (60 or
 *     5 s); GitLab sends the request again</td></tr>
 * </table>
 *
 * <p>Registered in code:
 * <pre>{@code
 * context.addServlet(new ServletHolder(new GitLabTokenRevocationServlet(tokens,
 *         VerificationKeys.fromUrl(URI.create("https://gitlab.example/keys.json")))), "/leaks/gitlab");
 * // or, in a ServletContainerInitializer / ServletContextListener:
 * servletContext.addServlet("gitlab-leaks", new GitLabTokenRevocationServlet(tokens, keys)).addMapping("/leaks/gitlab");
 * }</pre>
 * or in {@code web.xml} (the {@link ApiTokens} in a context attribute, set by a {@code ServletContextListener}):
 * <pre>{@code
 * <servlet>
 *   <servlet-name>gitlab-leaks</servlet-name>
 *   <servlet-class>org.speakr.token.servlet.GitLabTokenRevocationServlet</servlet-class>
 *   <init-param><param-name>token-service-attribute</param-name><param-value>speakr.tokens</param-value></init-param>
 *   <init-param><param-name>public-keys-file</param-name><param-value>/etc/speakr/gitlab-keys.json</param-value></init-param>
 * </servlet>
 * <servlet-mapping><servlet-name>gitlab-leaks</servlet-name><url-pattern>/leaks/gitlab</url-pattern></servlet-mapping>
 * }</pre>
 * Init-params: {@code token-service-attribute} (required); exactly one of {@code public-keys-url} and
 * {@code public-keys-file}. An unknown or bad one fails {@code init} with
 * {@code <init-param>: expected <rule>, got '<value>'}.
 *
 * <p>Thread-safe.
 */
public final class GitLabTokenRevocationServlet extends LeakReceiverServlet {
    private static final long serialVersionUID = 1L;

    /** For {@code web.xml}: configured from init-params in {@link #init()}. */
    public GitLabTokenRevocationServlet() {
        super(LeakReceiver.Partner.GITLAB, null);
    }

    /**
     * @param tokens the token service; not closed by this servlet
     * @param keys the keys GitLab signs with, e.g. {@code VerificationKeys.fromFile(path)}
     */
    public GitLabTokenRevocationServlet(ApiTokens tokens, VerificationKeys keys) {
        super(LeakReceiver.Partner.GITLAB, tokens, keys);
    }
}
