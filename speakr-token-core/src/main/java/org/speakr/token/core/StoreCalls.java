package org.speakr.token.core;

/** Runs store calls for the service: any runtime failure of a store becomes a {@link TokenStoreException}. */
final class StoreCalls {
    private StoreCalls() {
    }

    @FunctionalInterface
    interface StoreCall<T> {
        T run();
    }

    /** Runs a store call; any runtime failure becomes a {@link TokenStoreException} naming the operation. */
    static <T> T call(StoreCall<T> call, String operation) {
        try {
            return call.run();
        } catch (TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenStoreException("token store failed on " + operation + ": " + e.getClass().getName(), e);
        }
    }
}
