/**
 * A {@code jakarta.servlet} filter that authenticates personal API tokens issued by
 * {@link org.speakr.token.core.ApiTokens}.
 *
 * <p>The supported API is {@link org.speakr.token.servlet.ApiTokenFilter} (wired in code with its builder),
 * {@link org.speakr.token.servlet.WebXmlApiTokenFilter} (wired from {@code web.xml} with init-params),
 * {@link org.speakr.token.servlet.ApiTokenFilterSettings} (the setting names),
 * {@link org.speakr.token.servlet.ScopeRequirement} and {@link org.speakr.token.servlet.BearerTokenError}; for
 * leak response {@link org.speakr.token.servlet.GitHubSecretScanningServlet},
 * {@link org.speakr.token.servlet.GitLabTokenRevocationServlet}, {@link org.speakr.token.servlet.CredentialRevocationServlet}
 * and the {@link org.speakr.token.servlet.VerificationKeys} they check partner signatures with.
 * Package-private types are implementation and may change in any release.
 */
package org.speakr.token.servlet;
