package org.speakr.token.spring;

import jakarta.servlet.http.HttpServletResponse;

/** Told of each token authentication the web integration answers; Micrometer's is {@link AuthenticationMetrics}. */
interface AuthenticationObserver {
    /** Observes nothing. */
    AuthenticationObserver NONE = new AuthenticationObserver() {
    };

    /** A request with a token is about to be checked on this thread. */
    default void begin() {
    }

    /**
     * @param startNanos {@link System#nanoTime()} at {@link #begin()}
     */
    default void authenticated(long startNanos) {
    }

    /**
     * @param response the answer the filter wrote instead of calling the application
     * @param startNanos {@link System#nanoTime()} at {@link #begin()}
     */
    default void refused(HttpServletResponse response, long startNanos) {
    }
}
