package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.speakr.token.core.AllowedNetworks;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each trap a user met wiring the library into Spring Boot by hand, as a test on real embedded Tomcat with the
 * default chains of the starter (the application defines no security; {@code application.properties} names the
 * user of the other chain and exposes Actuator). Subclasses choose the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StarterTrapsTest {
    private static final String BASIC = Http.basic("alice", "secret");

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @AfterEach
    void databaseUp() {
        TestApp.databaseDown = false;
    }

    String token(String... scopes) {
        CreatedToken created = tokens.create("alice", "test", Expiration.never(), Set.of(scopes));
        return created.token().reveal();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void theStarterAloneServesATokenWithoutOrderingToConfigure() {
        HttpResponse<String> response = http.get("/api/me", "Authorization", bearer(token()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("owner=alice");
    }

    @Test
    void aRequestWithoutATokenGetsABearerChallengeNotBasic() {
        HttpResponse<String> response = http.get("/api/me");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"api\"");
    }

    @Test
    void authenticationPrincipalAndUserPrincipalAreTheTokenPrincipalAndTheTokenIsHidden() {
        HttpResponse<String> response = http.get("/api/me", "X-API-Token", token());
        assertThat(response.body())
                .isEqualTo("owner=alice userPrincipal=alice remoteUser=alice authorization=null x-api-token=null");
    }

    @Test
    void aFullAccessTokenPassesPreAuthorizeScopeChecks() {
        assertThat(http.get("/api/admin", "Authorization", bearer(token())).statusCode()).isEqualTo(200);
        HttpResponse<String> scoped = http.get("/api/admin", "Authorization", bearer(token("recordings:read")));
        assertThat(scoped.statusCode()).isEqualTo(403);
        assertThat(scoped.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
    }

    @Test
    void aTokenPostNeedsNoCsrfTokenButABasicPostDoes() {
        HttpResponse<String> token = http.post("/api/recordings", "Authorization", bearer(token()));
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.body()).isEqualTo("created for alice");
        assertThat(http.post("/web/echo", "Authorization", BASIC).statusCode()).isEqualTo(403);
    }

    @Test
    void tokenRequestsGetNoSessionCookie() {
        String token = token();
        assertThat(http.get("/api/me", "Authorization", bearer(token)).headers().allValues("Set-Cookie")).isEmpty();
        assertThat(http.post("/api/recordings", "Authorization", bearer(token)).headers().allValues("Set-Cookie"))
                .isEmpty();
    }

    @Test
    void aRequestRefusedForWantingATokenGetsNoSessionCookieEither() {
        // A browser-like GET: the request Spring Security would save for after a login, in a new session.
        HttpResponse<String> response = http.get("/api/me", "Accept", "text/html");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aStoreThatIsDownAnswers503WithRetryAfter() {
        String token = token();
        TestApp.databaseDown = true;
        HttpResponse<String> response = http.get("/api/me", "Authorization", bearer(token));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    @Test
    void twoTokensAnswer400() {
        String token = token();
        HttpResponse<String> response = http.get("/api/me", "Authorization", bearer(token), "X-API-Token", token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request");
    }

    @Test
    void aRevokedTokenAnswers401InvalidToken() {
        CreatedToken created = tokens.create("alice", "revoked", Expiration.never());
        tokens.revoke("alice", created.info().id());
        HttpResponse<String> response = http.get("/api/me", "Authorization", bearer(created.token().reveal()));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
    }

    @Test
    void metricsCountEachResultAndHealthShowsTheStoreThroughActuator() {
        double authenticated = count("authenticated");
        double revoked = count("revoked");
        http.get("/api/me", "Authorization", bearer(token()));
        CreatedToken created = tokens.create("alice", "revoked", Expiration.never());
        tokens.revoke("alice", created.info().id());
        http.get("/api/me", "Authorization", bearer(created.token().reveal()));
        assertThat(count("authenticated")).isEqualTo(authenticated + 1);
        assertThat(count("revoked")).isEqualTo(revoked + 1);

        double rotated = count("rotated");
        double network = count("network_not_allowed");
        double lacking = count("insufficient_scope");
        CreatedToken original = tokens.create("alice", "rotated", Expiration.never());
        tokens.rotate("alice", original.info().id(), Duration.ZERO);
        http.get("/api/me", "Authorization", bearer(original.token().reveal()));
        http.get("/api/me", "Authorization", bearer(tokens.create("alice", "office", Expiration.never(), Set.of(),
                AllowedNetworks.of(List.of("10.0.0.0/8"))).token().reveal()));
        assertThat(count("rotated")).isEqualTo(rotated + 1);
        assertThat(count("network_not_allowed")).isEqualTo(network + 1);
        assertThat(count("insufficient_scope")).isEqualTo(lacking);

        HttpResponse<String> health = http.get("/actuator/health", "Authorization", BASIC);
        assertThat(health.body()).contains("\"speakrToken\":{\"details\":{\"store\":\"JdbcTokenStore\"},\"status\":\"UP\"}");
        TestApp.databaseDown = true;
        assertThat(http.get("/actuator/health", "Authorization", BASIC).body())
                .containsPattern("\"speakrToken\":\\{\"details\":\\{[^}]*},\"status\":\"DOWN\"}");
    }

    private double count(String result) {
        HttpResponse<String> response = http.get("/actuator/metrics/speakr.token.authentications?tag=result:" + result,
                "Authorization", BASIC);
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher count = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.]+)").matcher(response.body());
        assertThat(count.find()).as(response.body()).isTrue();
        return Double.parseDouble(count.group(1));
    }

    /** Last: it leaves this client throttled. */
    @Test
    @Order(Integer.MAX_VALUE)
    void the21stBadTokenIsThrottledWith429() {
        int refused = 0;
        HttpResponse<String> response;
        do {
            response = http.get("/api/me", "Authorization", bearer("spk_not-a-token"));
            refused++;
        } while (response.statusCode() == 401 && refused <= 21);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(refused).isLessThanOrEqualTo(21);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
}
