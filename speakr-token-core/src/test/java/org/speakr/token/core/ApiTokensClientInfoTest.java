package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.testkit.MutableClock;

/**
 * Client facts: the address and user agent of an accepted use are written with its last-use instant, in the same
 * one-write-per-interval batch, cleaned off the request path; a token bound to networks refuses uses from
 * elsewhere, and such a refused use is not recorded.
 */
class ApiTokensClientInfoTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final CountingTokenStore store = new CountingTokenStore();
    private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
    private final List<ApiTokens> opened = new ArrayList<>();

    private ApiTokens node() {
        ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).revocationPollInterval(Duration.ZERO)
                .lastUsedWriteInterval(Duration.ofHours(5)).maintenanceInterval(Duration.ofHours(5))
                .eventListener(events::add).build();
        opened.add(tokens);
        return tokens;
    }

    @AfterEach
    void close() {
        opened.forEach(ApiTokens::close);
    }

    private static AuthenticationResult auth(ApiTokens tokens, CreatedToken token, String address, String agent) {
        return tokens.authenticate(token.token().reveal(), AuthenticationContext.defaults(),
                ClientInfo.of(address, agent));
    }

    private static TokenInfo listed(ApiTokens tokens, CreatedToken token) {
        return tokens.list(token.info().owner()).stream().filter(t -> t.id().equals(token.info().id())).findFirst()
                .orElseThrow();
    }

    /** Counts what the service asks of the client, as an integration's request-backed implementation would see. */
    private static final class CountingClient implements ClientInfo {
        int addressReads;
        int userAgentReads;

        @Override
        public String address() {
            addressReads++;
            return "192.0.2.7";
        }

        @Override
        public String userAgent() {
            userAgentReads++;
            return "curl/8.5.0";
        }
    }

    @Test
    void clientFactsAreReadOnlyWhenAUseIsNotedOrTheTokenIsBoundToNetworks() {
        ApiTokens tokens = node();
        CreatedToken open = tokens.create("alice", "open", Expiration.never());
        CountingClient client = new CountingClient();
        for (int i = 0; i < 100; i++) {
            assertThat(tokens.authenticate(open.token().reveal(), AuthenticationContext.defaults(), client)
                    .isAuthenticated()).isTrue();
        }
        assertThat(client.addressReads).as("100 uses in one millisecond: noted once").isEqualTo(1);
        assertThat(client.userAgentReads).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        tokens.authenticate(open.token().reveal(), AuthenticationContext.defaults(), client);
        assertThat(client.addressReads).as("a new millisecond: noted again").isEqualTo(2);

        CreatedToken bound = tokens.create("alice", "bound", Expiration.never(), Set.of(),
                AllowedNetworks.of(List.of("192.0.2.0/24")));
        CountingClient boundClient = new CountingClient();
        for (int i = 0; i < 10; i++) {
            assertThat(tokens.authenticate(bound.token().reveal(), AuthenticationContext.defaults(), boundClient)
                    .isAuthenticated()).isTrue();
        }
        assertThat(boundClient.addressReads).as("every use of a bound token checks the address, plus one noted use")
                .isEqualTo(11);
        assertThat(boundClient.userAgentReads).isEqualTo(1);
    }

    @Test
    void addressAndUserAgentAreStoredWithTheLastUseAndListedAfterTheFlush() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never());
        assertThat(auth(tokens, token, "192.0.2.7", "curl/8.5.0").isAuthenticated()).isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(auth(tokens, token, "2001:db8::9", "n8n/1.2").isAuthenticated()).isTrue();
        assertThat(listed(tokens, token).lastUsedAt()).as("written behind").isNull();

        tokens.flushLastUsed();

        TokenInfo info = listed(tokens, token);
        assertThat(info.lastUsedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(info.lastUsedAddress()).isEqualTo("2001:db8::9");
        assertThat(info.lastUsedUserAgent()).isEqualTo("n8n/1.2");
    }

    @Test
    void tenThousandUsesInOneIntervalAreOneWriteWithOneEntry() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never());
        for (int i = 0; i < 10_000; i++) {
            if (i % 100 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
            assertThat(auth(tokens, token, "192.0.2." + (i % 250), "agent " + i).isAuthenticated()).isTrue();
        }

        tokens.flushLastUsed();

        assertThat(store.lastUseBatches).hasSize(1);
        Map<String, LastUse> batch = store.lastUseBatches.get(0);
        assertThat(batch).containsOnlyKeys(token.info().id());
        assertThat(batch.get(token.info().id()).at()).isEqualTo(T0.plusMillis(100));
        assertThat(batch.get(token.info().id()).userAgent()).isEqualTo("agent 9900");
    }

    @Test
    void controlCharactersAreRemovedAndLengthsBoundedAtFlushTime() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never());
        String agent = "evil\r\nX-Injected: yes\u0000\u001b[31m" + "a".repeat(1_000);
        assertThat(auth(tokens, token, "192.0.2.7\n" + "9".repeat(100), agent).isAuthenticated()).isTrue();

        tokens.flushLastUsed();

        LastUse use = store.lastUseBatches.get(0).get(token.info().id());
        assertThat(use.userAgent()).startsWith("evilX-Injected: yes[31maaa").hasSize(LastUse.MAX_USER_AGENT_LENGTH)
                .doesNotContain("\r", "\n", "\u0000", "\u001b");
        assertThat(use.address()).startsWith("192.0.2.79999").hasSize(LastUse.MAX_ADDRESS_LENGTH)
                .doesNotContain("\n");
        assertThat(listed(tokens, token).lastUsedUserAgent()).isEqualTo(use.userAgent());
    }

    @Test
    void cleaningNeverSplitsASurrogatePairAndDropsWhatIsLeftEmpty() {
        assertThat(LastUsedWriter.clean("a".repeat(255) + "🔑", 256)).isEqualTo("a".repeat(255));
        assertThat(LastUsedWriter.clean("\r\n\t", 256)).isNull();
        assertThat(LastUsedWriter.clean(null, 256)).isNull();
        assertThat(LastUsedWriter.clean("Mozilla/5.0 🔑", 256)).isEqualTo("Mozilla/5.0 🔑");
    }

    @Test
    void theOneAndTwoArgumentFormsRecordAnUnknownClient() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never());
        assertThat(tokens.authenticate(token.token().reveal()).isAuthenticated()).isTrue();

        tokens.flushLastUsed();

        LastUse use = store.lastUseBatches.get(0).get(token.info().id());
        assertThat(use).isEqualTo(new LastUse(T0, null, null));
    }

    // ---------------------------------------------------------------- networks

    @Test
    void aTokenBoundToNetworksIsAcceptedOnlyFromThem() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never(), Set.of(),
                AllowedNetworks.of(List.of("192.0.2.0/24", "2001:db8::/32")));
        assertThat(token.info().allowedNetworks()).containsExactly("192.0.2.0/24", "2001:db8::/32");

        assertThat(auth(tokens, token, "192.0.2.7", null).isAuthenticated()).isTrue();
        assertThat(auth(tokens, token, "::ffff:192.0.2.8", null).isAuthenticated()).isTrue();
        assertThat(auth(tokens, token, "2001:db8:1::1", null).isAuthenticated()).isTrue();
        for (String outside : new String[] {"192.0.3.7", "::ffff:10.0.0.1", "2001:db9::1", null, "", "garbage",
                "attacker.example", "localhost"}) {
            assertThat(auth(tokens, token, outside, "x")).as(String.valueOf(outside))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.NETWORK_NOT_ALLOWED));
        }
        assertThat(tokens.authenticate(token.token().reveal()))
                .as("without client facts: no address, refused")
                .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.NETWORK_NOT_ALLOWED));
    }

    @Test
    void aUseFromOutsideIsNotRecordedAndPublishesAuthenticationFailed() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never(), Set.of(),
                AllowedNetworks.of(List.of("10.0.0.0/8")));
        events.clear();

        assertThat(auth(tokens, token, "192.0.2.7", "curl").isAuthenticated()).isFalse();
        tokens.flushLastUsed();

        assertThat(store.lastUseBatches).isEmpty();
        assertThat(events).containsExactly(new TokenEvent.AuthenticationFailed(RejectionReason.NETWORK_NOT_ALLOWED,
                token.info().id(), "alice", T0));
        assertThat(listed(tokens, token).lastUsedAt()).isNull();
    }

    @Test
    void networksAreCheckedFromTheCacheWithoutAStoreCallAndChildrenInheritThem() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never(), Set.of(),
                AllowedNetworks.of(List.of("10.0.0.0/8")));
        assertThat(auth(tokens, token, "10.1.2.3", null).isAuthenticated()).isTrue();
        int lookups = store.findByHash.get();

        assertThat(auth(tokens, token, "192.0.2.7", null).isAuthenticated()).isFalse();
        assertThat(auth(tokens, token, "10.9.9.9", null).isAuthenticated()).isTrue();
        assertThat(store.findByHash.get()).isEqualTo(lookups);

        ApiTokenPrincipal parent = ((AuthenticationResult.Authenticated) auth(tokens, token, "10.0.0.1", null))
                .principal();
        CreatedToken child = tokens.createChild(parent, "child", Expiration.never(), Set.of());
        assertThat(child.info().allowedNetworks()).containsExactly("10.0.0.0/8");
        assertThat(auth(tokens, child, "192.0.2.7", null).isAuthenticated()).isFalse();
        assertThat(auth(tokens, child, "10.0.0.2", null).isAuthenticated()).isTrue();
    }

    @Test
    void aStoredNetworkListThatCannotBeReadRefusesEveryUse() {
        ApiTokens tokens = node();
        CreatedToken token = tokens.create("alice", "CI", Expiration.never());
        org.speakr.token.core.spi.TokenRecord stored = store.findByOwner("alice").get(0);
        org.speakr.token.core.spi.InMemoryTokenStore corrupt = new org.speakr.token.core.spi.InMemoryTokenStore();
        corrupt.insert(new org.speakr.token.core.spi.TokenRecord(stored.id(), stored.owner(), stored.name(),
                stored.hash(), stored.hashKeyId(), stored.hint(), stored.scopes(), stored.createdAt(),
                stored.expiresAt(), null, null, null, null, null, null, List.of("10.0.0.0/8", "not a network"), null,
                null));
        try (ApiTokens reader = ApiTokens.builder().store(corrupt).clock(clock).revocationPollInterval(Duration.ZERO)
                .build()) {
            assertThat(reader.authenticate(token.token().reveal(), AuthenticationContext.defaults(),
                    ClientInfo.of("10.0.0.1", null)))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.NETWORK_NOT_ALLOWED));
        }
    }
}
