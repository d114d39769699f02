/**
 * The Speakr token importer: {@link org.speakr.token.migrate.SpeakrImporter} reads Speakr's {@code api_token}
 * and {@code user} tables and adds each token to a {@link org.speakr.token.core.spi.TokenStore} as a
 * {@link org.speakr.token.core.LegacyTokenRecord}; {@link org.speakr.token.migrate.ImportReport} says what it did.
 */
package org.speakr.token.migrate;
