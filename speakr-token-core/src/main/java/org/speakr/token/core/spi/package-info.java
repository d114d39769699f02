/**
 * For authors of token stores and integrations: the {@link org.speakr.token.core.spi.TokenStore} SPI and its
 * record, an in-memory reference store, revocation sources and factories that build a service from text.
 */
package org.speakr.token.core.spi;
