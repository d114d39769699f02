/**
 * Spring Boot auto-configuration and Spring Security integration for personal API tokens.
 *
 * <p>With the starter on the class path an {@link org.speakr.token.core.ApiTokens} is configured on the
 * application's {@code DataSource} (or in memory with {@code speakr.token.store=memory}) from the
 * {@code speakr.token.*} properties. Without Spring Security the token filter is registered on
 * {@code speakr.token.web.path-patterns}; with it, {@link org.speakr.token.spring.SpeakrTokens} adds token
 * authentication to a {@code SecurityFilterChain}, and a chain for those patterns is configured when the
 * application defines none. Authenticated requests carry an {@link org.speakr.token.spring.ApiTokenAuthentication};
 * {@link org.speakr.token.spring.TokenScopes} checks scopes in {@code authorizeHttpRequests} and
 * {@code @PreAuthorize}.
 */
package org.speakr.token.spring;
