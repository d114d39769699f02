package org.speakr.token.spring;

import org.speakr.token.core.ApiTokens;

/**
 * A change the starter's other auto-configurations make to the builder of the starter's {@link ApiTokens},
 * before the {@code speakr.token.*} properties are applied (so an explicit property wins).
 */
@FunctionalInterface
interface ApiTokensCustomizer {
    void customize(ApiTokens.Builder builder);
}
