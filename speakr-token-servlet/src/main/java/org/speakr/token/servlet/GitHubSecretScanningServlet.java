package org.speakr.token.servlet;

import org.speakr.token.core.ApiTokens;

/**
 * Receives GitHub secret-scanning alerts (the secret scanning partner program): GitHub found tokens of this
 * service in a public repository, a gist or a package and {@code POST}s them here; each valid one is revoked at
 * once ({@link ApiTokens#reportLeaked}, reason {@code LEAKED}, reporter {@code github}, the match's {@code url} as
 * source).
 *
 * <p>The request is a JSON array of {@code {"token", "type", "url", "source"}}, signed: the
 * {@code Github-Public-Key-Signature} header is the base64 ASN.1 DER ECDSA P-256 / SHA-256 signature of the raw
 * body by the key {@code Github-Public-Key-Identifier} names in GitHub's key document. The signature is checked
 * before the body is parsed.
 *
 * <table>
 * <caption>Answers (JSON, {@code Cache-Control: no-store})</caption>
 * <tr><th>status</th><th>when</th></tr>
 * <tr><td>200</td><td>verified and handled: {@code [{"token_hash": "<SHA-256 hex of the token>", "token_type":
 *     "<type as sent>", "label": "true_positive" | "false_positive"}]}, one per match, in order;
 *     {@code true_positive} for a token of this service (revoked now or before), {@code false_positive} for
 *     anything else. The token itself is never sent back.</td></tr>
 * <tr><td>400</td><td>verified, but not a JSON array of objects each with a string {@code token}: nothing
 *     revoked</td></tr>
 * <tr><td>401</td><td>a signature header missing, or the signature does not verify (unknown key identifier,
 *     another key, a changed body, not base64): nothing parsed, nothing revoked</td></tr>
 * <tr><td>405</td><td>not {@code POST}</td></tr>
 * <tr><td>413</td><td>body over 1 MiB</td></tr>
 * <tr><td>503</td><td>the key document or the token store is unavailable, with {@code Retry-After} (60 or
 *     5 s); matches handled before a store failure stay handled, and handling is idempotent</td></tr>
 * </table>
 *
 * <p>Registered in code:
 * <pre>{@code
 * context.addServlet(new ServletHolder(new GitHubSecretScanningServlet(tokens,
 *         VerificationKeys.fromUrl(VerificationKeys.GITHUB_SECRET_SCANNING_KEYS))), "/leaks/github");
 * // or, in a ServletContainerInitializer / ServletContextListener:
 * servletContext.addServlet("github-leaks", new GitHubSecretScanningServlet(tokens, keys)).addMapping("/leaks/github");
 * }</pre>
 * or in {@code web.xml} (the {@link ApiTokens} in a context attribute, set by a {@code ServletContextListener}):
 * <pre>{@code
 * <servlet>
 *   <servlet-name>github-leaks</servlet-name>
 *   <servlet-class>org.speakr.token.servlet.GitHubSecretScanningServlet</servlet-class>
 *   <init-param><param-name>token-service-attribute</param-name><param-value>speakr.tokens</param-value></init-param>
 * </servlet>
 * <servlet-mapping><servlet-name>github-leaks</servlet-name><url-pattern>/leaks/github</url-pattern></servlet-mapping>
 * }</pre>
 * Init-params: {@code token-service-attribute} (required); {@code public-keys-url} (default
 * {@link VerificationKeys#GITHUB_SECRET_SCANNING_KEYS}) or {@code public-keys-file}. An unknown or bad one fails
 * {@code init} with {@code <init-param>: expected <rule>, got '<value>'}.
 *
 * <p>The endpoint must be reachable by GitHub without other authentication; its answers reveal nothing about
 * tokens beyond the labels GitHub asks for. Thread-safe.
 */
public final class GitHubSecretScanningServlet extends LeakReceiverServlet {
    private static final long serialVersionUID = 1L;

    /** For {@code web.xml}: configured from init-params in {@link #init()}. */
    public GitHubSecretScanningServlet() {
        super(LeakReceiver.Partner.GITHUB, VerificationKeys.GITHUB_SECRET_SCANNING_KEYS);
    }

    /**
     * @param tokens the token service; not closed by this servlet
     * @param keys GitHub's keys, e.g. {@code VerificationKeys.fromUrl(VerificationKeys.GITHUB_SECRET_SCANNING_KEYS)}
     */
    public GitHubSecretScanningServlet(ApiTokens tokens, VerificationKeys keys) {
        super(LeakReceiver.Partner.GITHUB, tokens, keys);
    }
}
