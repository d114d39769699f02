package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * A revocation racing requests through the filter on a real Jetty, ordered with latches: request A is
 * authenticated and held inside the application; the token is revoked; request B gets 401 at once; A is released
 * and completes with 200. On two nodes sharing a store, B on the other node is refused within the revocation feed
 * interval.
 */
class RevocationRaceFilterTest {
    private static final Duration FEED_INTERVAL = Duration.ofMillis(500);

    private final CountDownLatch aInside = new CountDownLatch(1);
    private final CountDownLatch releaseA = new CountDownLatch(1);
    private ApiTokens node1;
    private ApiTokens node2;
    private TestServer server;

    /** The application: the first request on /hold/ waits for the test's latch. */
    private final class Holding extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().startsWith("/1/hold") || request.getRequestURI().startsWith("/2/hold")) {
                aInside.countDown();
                try {
                    if (!releaseA.await(20, TimeUnit.SECONDS)) {
                        response.sendError(504);
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.sendError(500);
                    return;
                }
            }
            response.setStatus(200);
            response.getWriter().write("ok " + request.getRemoteUser());
        }
    }

    @BeforeEach
    void start() throws Exception {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        node1 = ApiTokens.builder().store(shared).revocationPollInterval(FEED_INTERVAL).build();
        node2 = ApiTokens.builder().store(shared).revocationPollInterval(FEED_INTERVAL).build();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Holding()), "/*");
        context.addFilter(new FilterHolder(ApiTokenFilter.builder(node1).build()), "/1/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(ApiTokenFilter.builder(node2).build()), "/2/*",
                EnumSet.of(DispatcherType.REQUEST));
        server = TestServer.start(new org.speakr.token.testkit.canary.CanaryHandler(context));
    }

    @AfterEach
    void stop() throws Exception {
        releaseA.countDown();
        server.close();
        node1.close();
        node2.close();
    }

    private Answer get(String path, String token) {
        return TestHttp.get(server.uri(path), "Authorization", "Bearer " + token);
    }

    @Test
    void requestHeldDownstreamWhileRevokedThenLaterRequestGets401AndTheHeldOneCompletes() throws Exception {
        CreatedToken created = node1.create("alice", "n8n", Expiration.after(Duration.ofDays(30)));
        String token = created.token().reveal();

        CompletableFuture<Answer> a = CompletableFuture.supplyAsync(() -> get("/1/hold", token));
        assertThat(aInside.await(20, TimeUnit.SECONDS)).as("A reached the application").isTrue();

        assertThat(node1.revoke("alice", created.info().id())).isTrue();

        Answer b = get("/1/next", token);
        assertThat(b.status()).isEqualTo(401);
        assertThat(b.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(b.body()).contains("The token has been revoked");
        assertThat(a).isNotDone();

        releaseA.countDown();
        Answer answerA = a.get(20, TimeUnit.SECONDS);
        assertThat(answerA.status()).isEqualTo(200);
        assertThat(answerA.body()).isEqualTo("ok alice");
    }

    @Test
    void heldOnNodeTwoRevokedOnNodeOneThenNodeTwoRefusesWithinTheFeedInterval() throws Exception {
        CreatedToken created = node1.create("bob", "zapier", Expiration.after(Duration.ofDays(30)));
        String token = created.token().reveal();

        CompletableFuture<Answer> a = CompletableFuture.supplyAsync(() -> get("/2/hold", token));
        assertThat(aInside.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(get("/2/cached", token).status()).as("node 2 has the token cached").isEqualTo(200);

        assertThat(node1.revoke("bob", created.info().id())).isTrue();
        long revoked = System.nanoTime();
        assertThat(get("/1/next", token).status()).as("the revoking node refuses at once").isEqualTo(401);

        Answer onNode2 = get("/2/next", token);
        while (onNode2.status() == 200 && System.nanoTime() - revoked < FEED_INTERVAL.multipliedBy(4).toNanos()) {
            Thread.sleep(20);
            onNode2 = get("/2/next", token);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - revoked);
        System.out.println("Node 2 refused the revoked token after " + took.toMillis() + " ms (feed interval "
                + FEED_INTERVAL.toMillis() + " ms)");
        assertThat(onNode2.status()).isEqualTo(401);
        assertThat(took).isLessThan(FEED_INTERVAL.plusSeconds(1));

        releaseA.countDown();
        assertThat(a.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
}
