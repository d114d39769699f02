/**
 * A {@code jakarta.servlet} filter that authenticates personal API tokens issued by
 * {@link org.speakr.token.core.ApiTokens}.
 *
 * <p>The supported API is {@link org.speakr.token.servlet.ApiTokenFilter} (wired in code with its
 * builder, or from {@code web.xml} with init-params) and
 * {@link org.speakr.token.servlet.TokenServiceFactory}. Package-private types are implementation and
 * may change in any release.
 */
package org.speakr.token.servlet;
