package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.speakr.token.testkit.MutableClock;

/** {@link ApiTokens#authenticate(String, AuthenticationContext)}: scopes judged before a use is recorded, cache-only lookups. */
class AuthenticationContextTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final CountingTokenStore store = new CountingTokenStore();
    final List<TokenEvent> events = new ArrayList<>();
    final ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).eventListener(events::add)
            .lastUsedWriteInterval(Duration.ofHours(1)).revocationPollInterval(Duration.ZERO).build();

    @AfterEach
    void close() {
        tokens.close();
    }

    @Test
    @DisplayName("issue 12 item 14: a use refused for a missing scope is not recorded")
    void missingScopeThenInsufficientScopeAndNoLastUseNoSucceededEvent() {
        CreatedToken created = tokens.create("alice", "reader", Expiration.never(), Set.of("recordings:read"));
        String token = created.token().reveal();
        events.clear();

        AuthenticationResult result = tokens.authenticate(token,
                AuthenticationContext.requiringScopes("recordings:write"));

        assertThat(result).isInstanceOf(AuthenticationResult.InsufficientScope.class);
        AuthenticationResult.InsufficientScope lacking = (AuthenticationResult.InsufficientScope) result;
        assertThat(lacking.principal().tokenId()).isEqualTo(created.info().id());
        assertThat(lacking.requiredScopes()).containsExactly("recordings:write");
        assertThat(events).isEmpty();
        tokens.flushLastUsed();
        assertThat(store.lastUsedBatches).isEmpty();
        assertThat(tokens.list("alice").get(0).lastUsedAt()).isNull();

        // A second refused use, now answered from the cache, is not recorded either.
        assertThat(tokens.authenticate(token, AuthenticationContext.requiringScopes("recordings:write")))
                .isInstanceOf(AuthenticationResult.InsufficientScope.class);
        tokens.flushLastUsed();
        assertThat(store.lastUsedBatches).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void grantedScopeThenAuthenticatedAndRecorded() {
        String token = tokens.create("alice", "reader", Expiration.never(), Set.of("recordings:read")).token().reveal();
        events.clear();

        assertThat(tokens.authenticate(token, AuthenticationContext.requiringScopes("recordings:read")).isAuthenticated())
                .isTrue();

        assertThat(events).singleElement().isInstanceOf(TokenEvent.AuthenticationSucceeded.class);
        tokens.flushLastUsed();
        assertThat(store.lastUsedBatches).hasSize(1);
    }

    @Test
    void tokenWithoutScopesHasEveryScope() {
        String token = tokens.create("alice", "full", Expiration.never()).token().reveal();
        assertThat(tokens.authenticate(token, AuthenticationContext.requiringScopes("a", "b")).isAuthenticated()).isTrue();
    }

    @Test
    void expiredTokenLackingAScopeIsRejectedAsExpired() {
        String token = tokens.create("alice", "r", Expiration.after(Duration.ofMinutes(1)), Set.of("a")).token().reveal();
        clock.advance(Duration.ofMinutes(2));
        assertThat(tokens.authenticate(token, AuthenticationContext.requiringScopes("b")))
                .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.EXPIRED));
    }

    @Test
    @DisplayName("issue 12 item 2: cache-only judges a cached token without a store call, else answers NotCached")
    void cacheOnlyWhenCachedThenAuthenticatedWithoutAStoreCallElseNotCachedAndNothingRecorded() {
        String cached = tokens.create("alice", "n8n", Expiration.never()).token().reveal();
        String other = tokens.create("bob", "zapier", Expiration.never()).token().reveal();
        assertThat(tokens.authenticate(cached).isAuthenticated()).isTrue();
        int lookups = store.findByHash.get();
        events.clear();
        AuthenticationContext cacheOnly = AuthenticationContext.defaults().cacheOnly();

        assertThat(tokens.authenticate(cached, cacheOnly).isAuthenticated()).isTrue();
        assertThat(tokens.authenticate(other, cacheOnly)).isSameAs(AuthenticationResult.NotCached.instance());
        assertThat(tokens.authenticate("spk_not_even_a_token", cacheOnly))
                .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.MALFORMED));

        assertThat(store.findByHash.get()).as("no store call").isEqualTo(lookups);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(TokenEvent.AuthenticationSucceeded.class);
        assertThat(events.get(1)).isInstanceOf(TokenEvent.AuthenticationFailed.class);
        // The token NotCached is still fine when the store may be asked.
        assertThat(tokens.authenticate(other).isAuthenticated()).isTrue();
    }

    @Test
    void cacheOnlyWhenKnownUnknownOrRevokedThenRejectedFromTheCache() {
        CreatedToken created = tokens.create("alice", "n8n", Expiration.never());
        String revoked = created.token().reveal();
        tokens.authenticate(revoked);
        tokens.revoke("alice", created.info().id());
        tokens.authenticate(revoked);
        String unknown = ApiTokensTest.KNOWN_TOKEN;
        tokens.authenticate(unknown);
        int lookups = store.findByHash.get();
        AuthenticationContext cacheOnly = AuthenticationContext.requiringScopes("x").cacheOnly();

        assertThat(tokens.authenticate(revoked, cacheOnly)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(tokens.authenticate(unknown, cacheOnly)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
        assertThat(store.findByHash.get()).isEqualTo(lookups);
    }

    @Test
    void contextsAreValuesAndValidateScopesInTheStandardFormat() {
        AuthenticationContext read = AuthenticationContext.requiringScopes(Set.of("recordings:read"));
        assertThat(read).isEqualTo(AuthenticationContext.requiringScopes("recordings:read"));
        assertThat(read.cacheOnly()).isNotEqualTo(read).isEqualTo(read.cacheOnly());
        assertThat(read.cacheOnly().cacheOnly()).isEqualTo(read.cacheOnly());
        assertThat(read.isCacheOnly()).isFalse();
        assertThat(read.cacheOnly().isCacheOnly()).isTrue();
        assertThat(read.toString()).isEqualTo("AuthenticationContext[required-scopes=recordings:read, cache-only=false]");
        assertThat(AuthenticationContext.defaults().toString())
                .isEqualTo("AuthenticationContext[required-scopes=none, cache-only=false]");
        assertThat(AuthenticationContext.requiringScopes(Set.of())).isSameAs(AuthenticationContext.defaults());
        assertThat(read.hashCode()).isEqualTo(AuthenticationContext.requiringScopes("recordings:read").hashCode());
        assertThatThrownBy(() -> AuthenticationContext.requiringScopes("bad scope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("requiredScopes: expected ");
        assertThatThrownBy(() -> tokens.authenticate("x", null)).isInstanceOf(NullPointerException.class);
    }
}
