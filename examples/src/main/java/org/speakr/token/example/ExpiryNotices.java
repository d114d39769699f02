package org.speakr.token.example;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.TokenEventListener;

/**
 * Stands in for the e-mail a real deployment would send when a token is about to expire: one INFO line per
 * {@link TokenEvent.ExpiringSoon} (published by the token service's maintenance sweep, once per token and
 * threshold) with the token's id, owner, name and expiry. The event never carries the token, nor does the line.
 */
final class ExpiryNotices implements TokenEventListener {
    private static final Logger log = LoggerFactory.getLogger(ExpiryNotices.class);

    @Override
    public void onEvent(TokenEvent event) {
        if (event instanceof TokenEvent.ExpiringSoon soon) {
            log.info("Expiry notice (stand-in for an e-mail to {}): API token {} \"{}\" expires at {}", soon.owner(),
                    soon.tokenId(), soon.name(), soon.expiresAt());
        }
    }
}
