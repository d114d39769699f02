package org.speakr.token.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.speakr.token.testkit.canary.TokenCanary;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The starter alone (no Spring Security) serves tokens on embedded Tomcat, with per-path scopes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BootExampleTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TokenCanary.scanResponse(method, URI.create(path).getPath(), response.statusCode(),
                response.headers().map() + "\n\n" + response.body());
        return response;
    }

    @Test
    void theStarterAloneServesTokensWithPerPathScopes() throws Exception {
        String reader = send("POST", "/api/tokens?owner=alice&scopes=recordings:read", null).body();
        String other = send("POST", "/api/tokens?owner=bob&scopes=tags:read", null).body();

        assertThat(send("GET", "/api/me", reader).body()).isEqualTo("alice [recordings:read]");
        assertThat(send("GET", "/api/recordings", reader).body()).contains("alice's first recording");
        HttpResponse<String> lacking = send("GET", "/api/recordings", other);
        assertThat(lacking.statusCode()).isEqualTo(403);
        assertThat(lacking.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error=\"insufficient_scope\"", "scope=\"recordings:read\""));
        HttpResponse<String> none = send("GET", "/api/me", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"api\"");
    }
}
