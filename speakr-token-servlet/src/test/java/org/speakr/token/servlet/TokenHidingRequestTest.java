package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * What the application behind the filter sees, through a real Jetty 12 server: an {@link EchoServlet} prints
 * every header, the query string and every parameter through each Servlet API method, and must never show
 * the token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenHidingRequestTest {
    private static ApiTokens tokens;
    private static TestServer server;
    private static String canary;
    private static String canaryId;

    @BeforeAll
    static void start() throws Exception {
        LogCapture.install();
        tokens = ApiTokens.builder().store(new InMemoryTokenStore()).revocationPollInterval(Duration.ZERO).build();
        var created = Secrets.create(tokens, "alice", "echo canary", Expiration.after(Duration.ofDays(30)), "recordings:read");
        canary = created.token().reveal();
        canaryId = created.info().id();
        ServletContextHandler context = TestServer.context();
        TestServer.filter(context, "q", ApiTokenFilter.builder(tokens).allowQueryParameter(true).build());
        TestServer.filter(context, "opt", ApiTokenFilter.builder(tokens).mode(ApiTokenFilter.Mode.OPTIONAL)
                .allowQueryParameter(true).queryParameter("api_key").build());
        server = TestServer.start(context);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        tokens.close();
    }

    private static void assertHidden(Answer answer) {
        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body())
                .contains("remoteUser=alice\n", "authType=Bearer\n",
                        "principal=alice " + canaryId + " echo canary [recordings:read]\n",
                        "getHeader Authorization=null getHeaders=[]\n", "getHeader authorization=null getHeaders=[]\n",
                        "getHeader X-API-Token=null getHeaders=[]\n", "getHeader x-api-token=null getHeaders=[]\n",
                        "getHeader API-Token=null getHeaders=[]\n", "getHeader api-token=null getHeaders=[]\n",
                        "getParameter token=null getParameterValues token=null\n")
                .doesNotContainIgnoringCase("header authorization:")
                .doesNotContainIgnoringCase("header x-api-token:")
                .doesNotContainIgnoringCase("header api-token:")
                .doesNotContain(canary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Bearer ", "authorization: bearer ", "X-API-Token: ", "x-api-token: ",
            "API-Token: ", "api-token: "})
    void headerTokenWhenAuthenticatedThenHeaderHiddenFromApplication(String prefix) {
        Answer answer = TestHttp.raw(server.port(), "GET /q/recordings?page=2 HTTP/1.1", prefix + canary,
                "Accept: application/json");

        assertHidden(answer);
        assertThat(answer.body()).contains("header Accept: application/json\n", "query=page=2\n", "param page=[2]\n",
                "parameterNames=[page]\n");
    }

    @Test
    void queryTokenWhenAuthenticatedThenRemovedFromQueryStringAndParameters() {
        Answer answer = TestHttp.get(server.uri("/q/recordings?a=1&token=" + canary + "&b=x%20y&a=2"));

        assertHidden(answer);
        assertThat(answer.body()).contains("query=a=1&b=x%20y&a=2\n", "param a=[1, 2]\n", "param b=[x y]\n",
                "parameterNames=[a, b]\n");
    }

    @Test
    void queryTokenWhenOnlyParameterThenQueryStringNull() {
        Answer answer = TestHttp.send("GET", server.uri("/q/recordings?token=" + canary));

        assertHidden(answer);
        assertThat(answer.body()).contains("query=null\n", "parameterNames=[]\n");
    }

    @Test
    void queryTokenWhenPostThenHiddenFromQueryButBodyParameterOfSameNameKept() {
        Answer answer = TestHttp.raw("127.0.0.1", server.port(), "POST /q/recordings?token=" + canary + "&a=1 HTTP/1.1",
                "token=from-the-form&c=3", "Content-Type: application/x-www-form-urlencoded",
                "X-API-Token: " + canary);

        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body())
                .contains("remoteUser=alice\n", "query=a=1\n", "param a=[1]\n", "param c=[3]\n",
                        "param token=[from-the-form]\n",
                        "getParameter token=from-the-form getParameterValues token=[from-the-form]\n")
                .doesNotContain(canary);
    }

    @Test
    void customQueryParameterWhenOptionalAndPostThenStillHiddenFromApplication() {
        Answer answer = TestHttp.raw("127.0.0.1", server.port(), "POST /opt/upload?api_key=" + canary + "&x=1 HTTP/1.1",
                "");

        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body()).contains("remoteUser=null\n", "query=x=1\n", "parameterNames=[x]\n")
                .doesNotContain(canary);
    }

    @Test
    void customQueryParameterWhenGetThenAuthenticatedAndHidden() {
        Answer answer = TestHttp.get(server.uri("/opt/recordings?api_key=" + canary + "&token=other"));

        assertThat(answer.status()).as(answer.all()).isEqualTo(200);
        assertThat(answer.body()).contains("remoteUser=alice\n", "query=token=other\n", "param token=[other]\n",
                "parameterNames=[token]\n").doesNotContain(canary);
    }

    @Test
    void basicHeaderWhenTokenInOtherHeaderThenBothHidden() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("user:password".getBytes());

        Answer answer = TestHttp.get(server.uri("/q/recordings"), "Authorization", basic, "API-Token", canary);

        assertHidden(answer);
        assertThat(answer.body()).doesNotContain(basic);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void applicationAndLogsWhenAllRequestsRanThenNeverSawTheToken() {
        assertThat(EchoServlet.seen()).contains("remoteUser=alice");
        assertThat(Secrets.foundIn(EchoServlet.seen())).as("token plaintexts seen by the application").isEmpty();
        assertThat(Secrets.foundIn(LogCapture.text())).as("token plaintexts in the logs").isEmpty();
    }
}
