/**
 * Personal API tokens for applications: issue, hash, expire, revoke and verify.
 *
 * <p>The entry point is {@link org.speakr.token.core.ApiTokens}; storage is pluggable through
 * {@link org.speakr.token.core.spi.TokenStore}. Public types in this package are the supported API;
 * package-private types are implementation and may change in any release.
 */
package org.speakr.token.core;
