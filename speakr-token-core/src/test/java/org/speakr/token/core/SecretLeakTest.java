package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.testkit.MutableClock;

/**
 * Canary: a token plaintext must never appear in a toString(), an exception message, an event or a log
 * line of the library; not as text, hex or base64 either.
 */
class SecretLeakTest {

    @Test
    @SuppressWarnings("try") // tokens.close() inside the block on purpose: its log lines are captured too
    void canaryTokenNeverAppearsInToStringsEventsExceptionsOrLogs() throws Exception {
        List<String> seen = new ArrayList<>();
        List<TokenEvent> events = new ArrayList<>();
        CountingTokenStore store = new CountingTokenStore();
        MutableClock clock = new MutableClock(ApiTokensTest.T0);
        String canary;
        try (LogCapture logs = new LogCapture();
                ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).eventListener(events::add)
                        .hashing(TokenHashing.hmacSha256("k1", "p".repeat(32).getBytes(StandardCharsets.US_ASCII)))
                        .build()) {
            CreatedToken created = tokens.create("alice", "canary", Expiration.after(Duration.ofDays(7)), Set.of("recordings:read"));
            canary = created.token().reveal();
            AuthenticationResult ok = tokens.authenticate(canary);
            seen.add(created.toString());
            seen.add(created.token().toString());
            seen.add(created.info().toString());
            seen.add(ok.toString());
            seen.add(tokens.toString());
            seen.add(store.findByOwner("alice").toString());
            seen.add(tokens.list("alice").toString());

            // Near misses and failures must not echo the value either.
            String typo = canary.substring(0, 10) + (canary.charAt(10) == 'a' ? 'b' : 'a') + canary.substring(11);
            seen.add(tokens.authenticate(typo).toString());
            store.failFindByHash(new IllegalStateException("boom"));
            tokens.revoke("alice", created.info().id());
            Throwable failure = catchThrowable(() -> tokens.authenticate(canary));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                seen.add(t.toString());
            }
            store.failFindByHash(null);
            seen.add(tokens.authenticate(canary).toString());
            clock.advance(Duration.ofDays(8));
            seen.add(tokens.authenticate(canary).toString());
            store.failUpdateLastUsed(new IllegalStateException("write failed"));
            tokens.flushLastUsed();
            for (String bad : List.of("", "x", canary + canary)) {
                seen.add(tokens.authenticate(bad).toString());
            }
            events.forEach(event -> seen.add(event.toString()));
            tokens.close();
            seen.addAll(logs.lines());
        }
        assertThat(events).isNotEmpty();
        assertThat(seen).hasSizeGreaterThan(15);
        byte[] bytes = canary.getBytes(StandardCharsets.US_ASCII);
        List<String> forms = List.of(canary, canary.substring(4, 30), HexFormat.of().formatHex(bytes),
                Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        for (String line : seen) {
            for (String form : forms) {
                assertThat(line).doesNotContain(form);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // tokens.close() inside the block on purpose: its log lines are captured too
    void canaryTokensNeverAppearInWhatRotationNetworksClientFactsAndMaintenanceLogOrReturn() throws Exception {
        List<String> seen = new ArrayList<>();
        List<TokenEvent> events = new ArrayList<>();
        CountingTokenStore store = new CountingTokenStore();
        MutableClock clock = new MutableClock(ApiTokensTest.T0);
        List<String> canaries = new ArrayList<>();
        try (LogCapture logs = new LogCapture();
                ApiTokens tokens = ApiTokens.builder().store(store).clock(clock).eventListener(events::add)
                        .rotatedTokenReuse(RotatedTokenReuse.REVOKE_FAMILY).unusedTokenIdleTime(Duration.ofDays(3))
                        .purgeRetention(Duration.ofDays(1)).revocationPollInterval(Duration.ofHours(1)).build()) {
            CreatedToken original = tokens.create("alice", "canary", Expiration.after(Duration.ofDays(8)), Set.of(),
                    AllowedNetworks.of(List.of("192.0.2.0/24")));
            canaries.add(original.token().reveal());
            CreatedToken successor = tokens.rotate("alice", original.info().id(), Duration.ofHours(1));
            canaries.add(successor.token().reveal());
            seen.add(successor.toString());
            seen.add(tokens.authenticate(original.token().reveal(), AuthenticationContext.defaults(),
                    ClientInfo.of("198.51.100.1", original.token().reveal())).toString());
            seen.add(tokens.authenticate(successor.token().reveal(), AuthenticationContext.defaults(),
                    ClientInfo.of("192.0.2.1", "agent")).toString());
            seen.add(tokens.authenticate(original.token().reveal()).toString());
            tokens.flushLastUsed();
            seen.add(tokens.list("alice").toString());
            seen.add(tokens.previewUnused(Duration.ofDays(1)).toString());
            clock.advance(Duration.ofDays(5));
            tokens.runMaintenance();
            store.failFindByHash(new IllegalStateException("boom"));
            seen.add(String.valueOf(catchThrowable(() -> tokens.authenticate(successor.token().reveal()))));
            store.failFindByHash(null);
            events.forEach(event -> seen.add(event.toString()));
            tokens.close();
            seen.addAll(logs.lines());
        }
        assertThat(events).hasSizeGreaterThan(4);
        for (String canary : canaries) {
            byte[] bytes = canary.getBytes(StandardCharsets.US_ASCII);
            List<String> forms = List.of(canary, canary.substring(4, 30), HexFormat.of().formatHex(bytes),
                    Base64.getEncoder().encodeToString(bytes),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            for (String line : seen) {
                for (String form : forms) {
                    assertThat(line).doesNotContain(form);
                }
            }
        }
    }
}
