package org.speakr.token.core;

/**
 * Receives {@link TokenEvent}s synchronously on the thread that caused them; keep it fast. An exception
 * thrown by a listener is logged and otherwise ignored: it never changes an authentication outcome.
 */
@FunctionalInterface
public interface TokenEventListener {
    /** @param event what happened */
    void onEvent(TokenEvent event);
}
