package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokenPrincipal;
import org.springframework.security.core.GrantedAuthority;

class ApiTokenAuthenticationTest {
    private static ApiTokenPrincipal principal(String... scopes) {
        return new ApiTokenPrincipal("alice", "tok1", "n8n", Set.of(scopes), null);
    }

    private static List<String> authorities(ApiTokenAuthentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void aTokenWithScopesHasItsScopesAsSortedAuthoritiesAndNotTheKnownOnes() {
        ApiTokenAuthentication authentication = new ApiTokenAuthentication(
                principal("tags:read", "recordings:write", "recordings:read"), List.of("admin"));

        assertThat(authorities(authentication))
                .containsExactly("SCOPE_recordings:read", "SCOPE_recordings:write", "SCOPE_tags:read");
        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getCredentials()).isNull();
        assertThat(authentication.getName()).isEqualTo("alice");
    }

    @Test
    void aFullAccessTokenHasTheKnownScopesAsAuthorities() {
        assertThat(authorities(new ApiTokenAuthentication(principal(), List.of("tags:read", "recordings:read"))))
                .containsExactly("SCOPE_recordings:read", "SCOPE_tags:read");
        assertThat(new ApiTokenAuthentication(principal()).getAuthorities()).isEmpty();
    }

    @Test
    void theKnownScopesAreTakenWhenMadeNotWhenTheAuthoritiesAreFirstAskedFor() {
        List<String> known = new ArrayList<>(List.of("recordings:read"));
        ApiTokenAuthentication authentication = new ApiTokenAuthentication(principal(), known);
        known.add("admin");

        assertThat(authorities(authentication)).containsExactly("SCOPE_recordings:read");
        assertThat(authentication.getAuthorities()).isSameAs(authentication.getAuthorities());
    }
}
