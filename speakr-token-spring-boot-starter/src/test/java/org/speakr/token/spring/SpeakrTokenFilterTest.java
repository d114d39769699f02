package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.servlet.ApiTokenFilter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** What the chain after the filter gets when the filter reads the token headers beneath Spring's firewall. */
class SpeakrTokenFilterTest {
    /** A control character: Spring Security's firewall refuses a header value holding one when it is read. */
    private static final String BELL = "\u0007";

    private final ApiTokens tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build();
    private final SpeakrTokenFilter filter = new SpeakrTokenFilter(
            ApiTokenFilter.builder(tokens).mode(ApiTokenFilter.Mode.OPTIONAL).build(), null,
            AuthenticationObserver.NONE, SpeakrTokenFilter.Continuation.PLAIN, TokenHeadersBeneathFirewall::of);

    private static HttpServletRequest firewalled(MockHttpServletRequest request) {
        return new StrictHttpFirewall().getFirewalledRequest(request);
    }

    private static List<ServletRequest> layers(ServletRequest request) {
        List<ServletRequest> layers = new ArrayList<>();
        for (ServletRequest current = request; ; current = ((ServletRequestWrapper) current).getRequest()) {
            layers.add(current);
            if (!(current instanceof ServletRequestWrapper)) {
                return layers;
            }
        }
    }

    private ServletRequest passedOn(HttpServletRequest request) throws Exception {
        ServletRequest[] passed = new ServletRequest[1];
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> passed[0] = req);
        assertThat(passed[0]).as("passed on, answered %s", response.getStatus()).isNotNull();
        return passed[0];
    }

    @Test
    void aRequestWithoutATokenGoesOnAsTheFirewallGivesIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/recordings");
        request.addHeader("Authorization", "Basic dXNlcjpwYXNz" + BELL);
        HttpServletRequest firewalled = firewalled(request);

        ServletRequest passed = passedOn(firewalled);

        assertThat(passed).isSameAs(firewalled);
        // Spring's Basic filter, reading the header after this one, is refused by the firewall as without tokens.
        assertThatThrownBy(() -> ((HttpServletRequest) passed).getHeader("Authorization"))
                .isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void aTokenRequestGoesOnWrappedOnceOverTheRequestItselfWithTheTokenHidden() throws Exception {
        String token = tokens.create("alice", "n8n", Expiration.never()).token().reveal();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/recordings");
        request.addHeader("Authorization", "Bearer " + token);
        request.addHeader("Accept", "application/json" + BELL);
        HttpServletRequest firewalled = firewalled(request);

        HttpServletRequest passed = (HttpServletRequest) passedOn(firewalled);

        assertThat(ApiTokenFilter.principal(passed)).hasValueSatisfying(p -> assertThat(p.owner()).isEqualTo("alice"));
        assertThat(passed.getHeader("Authorization")).isNull();
        assertThat(layers(passed)).hasSize(1 + layers(firewalled).size()).element(1).isSameAs(firewalled);
        assertThatThrownBy(() -> passed.getHeader("Accept")).isInstanceOf(RequestRejectedException.class);
    }
}
