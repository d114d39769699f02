package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.MutableClock;

/**
 * Issue 12, item 1 (a token could mint a broader, never-expiring token that survived its revocation) and item 12
 * (the list was unpaginated): child tokens, revocation reasons and pages of {@link ApiTokens}.
 */
class ApiTokensChildTokenTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final List<ApiTokens> opened = new ArrayList<>();
    private final List<TokenEvent> events = new ArrayList<>();

    private ApiTokens node() {
        return node(Duration.ZERO);
    }

    private ApiTokens node(Duration revocationPollInterval) {
        ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).revocationPollInterval(revocationPollInterval)
                .eventListener(events::add).build();
        opened.add(tokens);
        return tokens;
    }

    @AfterEach
    void close() {
        opened.forEach(ApiTokens::close);
    }

    private static ApiTokenPrincipal principal(ApiTokens tokens, CreatedToken created) {
        return ((AuthenticationResult.Authenticated) tokens.authenticate(created.token().reveal())).principal();
    }

    @Test
    void createChildWhenTheParentHasScopesThenBroaderOrFullAccessScopesAreRefused() {
        ApiTokens tokens = node();
        ApiTokenPrincipal parent = principal(tokens, tokens.create("alice", "n8n",
                Expiration.after(Duration.ofDays(7)), Set.of("tokens:write", "recordings:read")));

        assertThatThrownBy(() -> tokens.createChild(parent, "child", Expiration.after(Duration.ofDays(1)), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scopes: expected a non-empty subset of the parent token's scopes"
                        + " [recordings:read, tokens:write], got '[] (full access)'");
        assertThatThrownBy(() -> tokens.createChild(parent, "child", Expiration.after(Duration.ofDays(1)),
                Set.of("tags:read")))
                .hasMessage("scopes: expected a non-empty subset of the parent token's scopes"
                        + " [recordings:read, tokens:write], got '[tags:read]'");
        CreatedToken narrower = tokens.createChild(parent, "child", Expiration.after(Duration.ofDays(1)),
                Set.of("recordings:read"));
        assertThat(narrower.info().scopes()).containsExactly("recordings:read");
        assertThat(narrower.info().parentId()).isEqualTo(parent.tokenId());
        assertThat(narrower.info().owner()).isEqualTo("alice");
    }

    @Test
    void createChildWhenTheParentExpiresThenANeverExpiringOrLaterChildIsRefused() {
        ApiTokens tokens = node();
        ApiTokenPrincipal parent = principal(tokens, tokens.create("alice", "n8n", Expiration.after(Duration.ofDays(7)),
                Set.of("tokens:write")));
        Instant parentExpiry = T0.plus(Duration.ofDays(7));

        assertThatThrownBy(() -> tokens.createChild(parent, "c", Expiration.never(), Set.of("tokens:write")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiration: expected an expiry at or before the parent token's " + parentExpiry
                        + ", got 'never'");
        assertThatThrownBy(() -> tokens.createChild(parent, "c", Expiration.after(Duration.ofDays(8)),
                Set.of("tokens:write")))
                .hasMessage("expiration: expected an expiry at or before the parent token's " + parentExpiry
                        + ", got '" + T0.plus(Duration.ofDays(8)) + "'");
        assertThat(tokens.createChild(parent, "c", Expiration.at(parentExpiry), Set.of("tokens:write")).info()
                .expiresAt()).isEqualTo(parentExpiry);
    }

    @Test
    void createChildWhenTheParentHasFullAccessAndNoExpiryThenAnyChildIsAllowed() {
        ApiTokens tokens = node();
        ApiTokenPrincipal parent = principal(tokens, tokens.create("alice", "full", Expiration.never()));

        CreatedToken child = tokens.createChild(parent, "child", Expiration.never(), Set.of());

        assertThat(child.info().scopes()).isEmpty();
        assertThat(child.info().expiresAt()).isNull();
        assertThat(tokens.authenticate(child.token().reveal()).isAuthenticated()).isTrue();
    }

    @Test
    void createChildWhenTheParentIsRevokedThenRefused() {
        ApiTokens tokens = node();
        CreatedToken created = tokens.create("alice", "n8n", Expiration.never());
        ApiTokenPrincipal parent = principal(tokens, created);
        tokens.revoke("alice", created.info().id());

        assertThatThrownBy(() -> tokens.createChild(parent, "child", Expiration.never(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parent: expected an active token of the same owner, got '" + parent.tokenId() + "'");
        assertThat(tokens.list("alice")).hasSize(1);
    }

    @Test
    void revokeParentRevokesItsDescendantsWithReasonParentOnBothNodes() throws InterruptedException {
        ApiTokens node1 = node();
        ApiTokens node2 = node(Duration.ofMillis(5));
        CreatedToken root = node1.create("alice", "n8n", Expiration.after(Duration.ofDays(7)), Set.of("tokens:write"));
        CreatedToken child = node1.createChild(principal(node1, root), "child", Expiration.after(Duration.ofDays(1)),
                Set.of("tokens:write"));
        CreatedToken grandchild = node1.createChild(principal(node1, child), "grandchild",
                Expiration.after(Duration.ofHours(1)), Set.of("tokens:write"));
        CreatedToken sibling = node1.create("alice", "other", Expiration.never());
        assertThat(node2.authenticate(grandchild.token().reveal()).isAuthenticated()).as("cached on node 2").isTrue();

        assertThat(node1.revoke("alice", root.info().id())).isTrue();

        assertThat(node1.authenticate(child.token().reveal()).isAuthenticated()).isFalse();
        assertThat(node1.authenticate(grandchild.token().reveal()).isAuthenticated()).isFalse();
        assertThat(node1.authenticate(sibling.token().reveal()).isAuthenticated()).isTrue();
        assertThat(node1.list("alice")).extracting(TokenInfo::name, TokenInfo::revocationReason)
                .containsExactlyInAnyOrder(
                        tuple("n8n", RevocationReason.MANUAL),
                        tuple("child", RevocationReason.PARENT),
                        tuple("grandchild", RevocationReason.PARENT),
                        tuple("other", null));
        assertThat(events).filteredOn(TokenEvent.Revoked.class::isInstance)
                .extracting(e -> ((TokenEvent.Revoked) e).reason())
                .containsExactly(RevocationReason.MANUAL, RevocationReason.PARENT, RevocationReason.PARENT);
        // Node 2 had the grandchild cached and learns of its revocation through the feed, as of any other.
        for (int i = 0; i < 1_000 && node2.authenticate(grandchild.token().reveal()).isAuthenticated(); i++) {
            Thread.sleep(10);
        }
        assertThat(node2.authenticate(grandchild.token().reveal())).isEqualTo(
                AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        assertThat(store.revokedSince(T0)).extracting(r -> r.revocationReason())
                .containsExactlyInAnyOrder(RevocationReason.MANUAL, RevocationReason.PARENT, RevocationReason.PARENT);
    }

    @Test
    void revokeAllStoresReasonAllAndRevokeStoresReasonManual() {
        ApiTokens tokens = node();
        CreatedToken one = tokens.create("alice", "one", Expiration.never());
        tokens.create("alice", "two", Expiration.never());
        tokens.revoke("alice", one.info().id());

        tokens.revokeAll("alice");

        assertThat(tokens.list("alice")).extracting(TokenInfo::name, TokenInfo::revocationReason)
                .containsExactlyInAnyOrder(
                tuple("one", RevocationReason.MANUAL),
                tuple("two", RevocationReason.ALL));
    }

    @Test
    void listPageIsNewestFirstWithTotalAndRefusesBadPageNumbers() {
        ApiTokens tokens = node();
        for (int i = 0; i < 5; i++) {
            tokens.create("alice", "t" + i, Expiration.never());
            clock.advance(Duration.ofSeconds(1));
        }
        tokens.create("bob", "b", Expiration.never());

        Page<TokenInfo> first = tokens.list("alice", 1, 2);
        Page<TokenInfo> last = tokens.list("alice", 3, 2);

        assertThat(first.items()).extracting(TokenInfo::name).containsExactly("t4", "t3");
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(last.items()).extracting(TokenInfo::name).containsExactly("t0");
        assertThatThrownBy(() -> tokens.list("alice", 0, 2))
                .hasMessage("page: expected a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> tokens.list("alice", 1, 101))
                .hasMessage("per_page: expected a whole number from 1 to 100, got '101'");
    }
}
