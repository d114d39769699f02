package org.speakr.token.testkit;

import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.InMemoryTokenStore;

/** Runs the {@link TokenStore} contract against {@link InMemoryTokenStore}. */
class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore() {
        return new InMemoryTokenStore();
    }
}
