package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenLimitExceededException;

class WiringTest {

    /** Issue 12, item 12: one session could create 20,000 tokens; the example now caps active tokens at 100. */
    @Test
    void tokensWhenAUserHas100ActiveTokensThenTheNextIsRefused() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:wiring-test;DB_CLOSE_DELAY=-1");
        try (ApiTokens tokens = Wiring.tokens(h2, Clock.systemUTC())) {
            for (int i = 0; i < Wiring.MAX_ACTIVE_TOKENS_PER_USER; i++) {
                tokens.create("carol", "t" + i, Expiration.never());
            }

            assertThatThrownBy(() -> tokens.create("carol", "one too many", Expiration.never()))
                    .isInstanceOf(TokenLimitExceededException.class)
                    .hasMessage("owner 'carol' already has 100 active tokens; max-active-tokens-per-owner is 100");
            tokens.revoke("carol", tokens.list("carol", 1, 1).items().get(0).id());
            assertThat(tokens.create("carol", "after a revoke", Expiration.never()).info().name())
                    .isEqualTo("after a revoke");
        }
    }
}
