package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper;

class TokenHeadersBeneathFirewallTest {
    /** A control character: Spring Security's firewall refuses a header value holding one when it is read. */
    private static final String BELL = "\u0007";

    private static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/recordings");
        request.addHeader("Authorization", "Bearer a" + BELL);
        request.addHeader("X-API-Token", "b" + BELL);
        request.addHeader("Accept", "text/plain" + BELL);
        return request;
    }

    private static HttpServletRequest firewalled(HttpServletRequest request) {
        return new StrictHttpFirewall().getFirewalledRequest(request);
    }

    @Test
    void theTokenHeadersAreReadBeneathTheFirewallThroughSpringSecuritysOwnWrappers() {
        HttpServletRequest firewalled = firewalled(request());
        assertThatThrownBy(() -> firewalled.getHeader("Authorization")).isInstanceOf(RequestRejectedException.class);

        HttpServletRequest read = (HttpServletRequest) TokenHeadersBeneathFirewall
                .of(new SecurityContextHolderAwareRequestWrapper(firewalled, "ROLE_"));

        assertThat(read.getHeader("authorization")).isEqualTo("Bearer a" + BELL);
        assertThat(Collections.list(read.getHeaders("X-API-TOKEN"))).containsExactly("b" + BELL);
        assertThat(Collections.list(read.getHeaders("API-Token"))).isEmpty();
    }

    @Test
    void everyOtherHeaderIsStillReadThroughTheFirewall() {
        HttpServletRequest read = (HttpServletRequest) TokenHeadersBeneathFirewall.of(firewalled(request()));

        assertThatThrownBy(() -> read.getHeader("Accept")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> read.getHeaders("Accept").nextElement())
                .isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void aWrapperOfTheApplicationIsNotLookedThrough() {
        HttpServletRequest firewalled = firewalled(new MockHttpServletRequest("GET", "/api/recordings"));
        HttpServletRequest fromCookie = new HttpServletRequestWrapper(firewalled) {
            @Override
            public String getHeader(String name) {
                return "Authorization".equalsIgnoreCase(name) ? "Bearer from-a-cookie" : super.getHeader(name);
            }
        };

        ServletRequest read = TokenHeadersBeneathFirewall.of(fromCookie);

        assertThat(read).isSameAs(fromCookie);
        assertThat(((HttpServletRequest) read).getHeader("Authorization")).isEqualTo("Bearer from-a-cookie");
    }

    @Test
    void aRequestWithoutAFirewallIsReadAsItIs() {
        MockHttpServletRequest request = request();

        assertThat(TokenHeadersBeneathFirewall.of(request)).isSameAs(request);
        assertThat(TokenHeadersBeneathFirewall.of(new SecurityContextHolderAwareRequestWrapper(request, "ROLE_")))
                .isInstanceOf(SecurityContextHolderAwareRequestWrapper.class);
    }
}
