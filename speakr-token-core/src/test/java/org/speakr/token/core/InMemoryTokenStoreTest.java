package org.speakr.token.core;

/** Runs the {@link TokenStore} contract against {@link InMemoryTokenStore}. */
class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore() {
        return new InMemoryTokenStore();
    }
}
