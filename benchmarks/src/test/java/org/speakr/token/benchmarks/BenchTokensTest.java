package org.speakr.token.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.RejectionReason;

class BenchTokensTest {

    @Test
    void tokensWhenStoredByRecordThenAuthenticate() {
        String[] tokens = BenchTokens.tokens(100, 1);
        InMemoryTokenStore store = new InMemoryTokenStore();
        for (int i = 0; i < tokens.length; i++) {
            store.insert(BenchTokens.record(i, tokens[i]));
        }
        try (ApiTokens service = ApiTokens.builder().store(store).build()) {
            for (String token : tokens) {
                assertThat(service.authenticate(token).isAuthenticated()).isTrue();
            }
        }
    }

    @Test
    void tokensWhenSameSeedThenSameAndDistinct() {
        String[] a = BenchTokens.tokens(1_000, 7);
        assertThat(a).containsExactly(BenchTokens.tokens(1_000, 7));
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(1_000);
        assertThat(a).allMatch(t -> t.matches("spk_[0-9A-Za-z]{49}"));
    }

    @Test
    void withBadChecksumWhenAuthenticatedThenMalformed() {
        String token = BenchTokens.tokens(1, 3)[0];
        InMemoryTokenStore store = new InMemoryTokenStore();
        store.insert(BenchTokens.record(0, token));
        try (ApiTokens service = ApiTokens.builder().store(store).build()) {
            assertThat(service.authenticate(BenchTokens.withBadChecksum(token)))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));
        }
    }
}
