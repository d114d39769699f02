package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenPrincipalTest {

    @Test
    void hasScopeWhenScopedThenOnlyItsScopes() {
        ApiTokenPrincipal principal = new ApiTokenPrincipal("alice", "id", "n8n", Set.of("recordings:read"), null);
        assertThat(principal.hasScope("recordings:read")).isTrue();
        assertThat(principal.hasScope("tags:read")).isFalse();
        assertThat(principal.hasScope("recordings:rea")).isFalse();
        assertThat(principal.hasScope("RECORDINGS:READ")).isFalse();
    }

    @Test
    void hasScopeWhenNoScopesThenFullAccess() {
        ApiTokenPrincipal principal = new ApiTokenPrincipal("alice", "id", "cron", Set.of(), null);
        assertThat(principal.hasScope("tokens:write")).isTrue();
        assertThat(principal.getName()).isEqualTo("alice");
    }
}
