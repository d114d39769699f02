package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.ServletRequestPathUtils;

class RequestPathsTest {
    private final RequestPaths api = new RequestPaths(List.of("/api/**", "/hooks/*"));

    private static MockHttpServletRequest request(String contextPath, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setContextPath(contextPath);
        return request;
    }

    @Test
    void matchesThePathWithinTheApplication() {
        assertThat(api.matches(request("", "/api"))).isTrue();
        assertThat(api.matches(request("", "/api/recordings/7"))).isTrue();
        assertThat(api.matches(request("/speakr", "/speakr/api/recordings"))).isTrue();
        assertThat(api.matches(request("", "/hooks/github"))).isTrue();

        assertThat(api.matches(request("", "/apix"))).isFalse();
        assertThat(api.matches(request("/api", "/api/login"))).isFalse();
        assertThat(api.matches(request("", "/hooks/github/more"))).isFalse();
    }

    @Test
    void usesThePathSpringHasParsedForTheDispatch() {
        MockHttpServletRequest request = request("/speakr", "/speakr/api/recordings");
        ServletRequestPathUtils.parseAndCache(request);
        // Changed after parsing: the parsed path is the one matched, as Spring MVC will route by it.
        request.setRequestURI("/speakr/login");

        assertThat(api.matches(request)).isTrue();
        ServletRequestPathUtils.clearParsedRequestPath(request);
        assertThat(api.matches(request)).isFalse();
    }
}
