package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;

/** The README quick start is copied from {@link #quickStart()}; the second test keeps the two in step. */
class ReadmeQuickStartTest {

    @Test
    void quickStart() {
        // README:quick-start:begin
        try (ApiTokens tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build()) { // JdbcTokenStore in production
            CreatedToken created = tokens.create("alice", "n8n workflow", Expiration.after(Duration.ofDays(90)),
                    Set.of("recordings:read"));
            String shownOnce = created.token().reveal();                 // spk_… — show it to alice once
            AuthenticationResult result = tokens.authenticate(shownOnce);
            if (result instanceof AuthenticationResult.Authenticated ok) {
                assertThat(ok.principal().getName()).isEqualTo("alice");
                assertThat(ok.principal().hasScope("recordings:read")).isTrue();
            }
            tokens.revoke("alice", created.info().id());                 // immediate, idempotent
            assertThat(tokens.authenticate(shownOnce))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        }
        // README:quick-start:end
    }

    @Test
    void readmeCarriesTheQuickStartVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/speakr/token/core/ReadmeQuickStartTest.java"));
        String snippet = source.substring(source.indexOf("// README:quick-start:begin\n") + 28,
                source.indexOf("        // README:quick-start:end"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains(snippet.replaceAll("(?m)^ {8}", ""));
    }
}
