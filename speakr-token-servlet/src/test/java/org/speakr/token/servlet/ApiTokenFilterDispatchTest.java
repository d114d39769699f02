package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenEvent;

/**
 * The filter once per request on real Jetty, mapped on {@code /api/*} for every dispatcher type as the README
 * shows: {@code /api/go/<type>} and the unfiltered {@code /open/<type>} dispatch to {@code /api/target} by
 * forward, include, error page or async dispatch.
 */
class ApiTokenFilterDispatchTest {
    private static final List<TokenEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static RecordingStore store;
    private static ApiTokens tokens;
    private static TestServer server;
    private static String token;

    /** Dispatches to {@code /api/target} the way its last path segment names. */
    static final class Dispatching extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String how = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
            try {
                switch (how) {
                    case "forward" -> request.getRequestDispatcher("/api/target").forward(request, response);
                    case "include" -> request.getRequestDispatcher("/api/target").include(request, response);
                    case "error" -> response.sendError(418);
                    case "async" -> request.startAsync().dispatch("/api/target");
                    default -> response.sendError(404);
                }
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    /** Says how it was reached and who the request is. */
    static final class Target extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Principal user = request.getUserPrincipal();
            response.getWriter().print("reached by " + request.getDispatcherType()
                    + ", principal=" + ApiTokenFilter.principal(request).map(p -> p.owner()).orElse(null)
                    + ", user=" + (user == null ? null : user.getName())
                    + ", token header=" + request.getHeader("X-API-Token"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        LogCapture.install();
        store = new RecordingStore();
        tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO)
                .lastUsedWriteInterval(Duration.ofHours(1)).eventListener(EVENTS::add).build();
        token = Secrets.create(tokens, "alice", "dispatch", Expiration.never()).token().reveal();

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder dispatching = new ServletHolder(new Dispatching());
        dispatching.setAsyncSupported(true);
        context.addServlet(dispatching, "/api/go/*");
        ServletHolder open = new ServletHolder(new Dispatching());
        open.setAsyncSupported(true);
        context.addServlet(open, "/open/*");
        context.addServlet(new ServletHolder(new Target()), "/api/target");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(418, "/api/target");
        context.setErrorHandler(errors);
        FilterHolder filter = new FilterHolder(ApiTokenFilter.builder(tokens).build());
        filter.setAsyncSupported(true);
        // As the README maps it: every dispatcher type.
        context.addFilter(filter, "/api/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                DispatcherType.INCLUDE, DispatcherType.ERROR, DispatcherType.ASYNC));
        server = TestServer.start(context);
    }

    @AfterAll
    static void stop() {
        server.close();
        tokens.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "include", "error", "async"})
    @DisplayName("issue 12 item 13: an authenticated request keeps its principal through every dispatch, judged once")
    void authenticatedRequestWhenDispatchedThenPrincipalKeptTokenHiddenAndAuthenticatedOnce(String how) {
        int lookups = store.lookups.get();
        EVENTS.clear();

        Answer answer = TestHttp.get(server.uri("/api/go/" + how), "X-API-Token", token);

        assertThat(answer.status()).isEqualTo(how.equals("error") ? 418 : 200);
        assertThat(answer.body()).isEqualTo("reached by " + how.toUpperCase(java.util.Locale.ROOT)
                + ", principal=alice, user=alice, token header=null");
        assertThat(EVENTS).as("one use per request").hasSize(1)
                .allMatch(TokenEvent.AuthenticationSucceeded.class::isInstance);
        assertThat(store.lookups.get() - lookups).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "include", "error", "async"})
    @DisplayName("issue 12 item 13: an unauthenticated internal dispatch into the filtered path is refused")
    void unauthenticatedInternalDispatchThenRefusedInRequiredMode(String how) {
        Answer answer = TestHttp.get(server.uri("/open/" + how));

        assertThat(answer.body()).doesNotContain("reached by");
        if (!how.equals("include")) { // an include cannot set the status: the refusal is its body
            assertThat(answer.status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "include", "error", "async"})
    void unfilteredPathWhenDispatchedWithATokenThenTheDispatchAuthenticatesIt(String how) {
        Answer answer = TestHttp.get(server.uri("/open/" + how), "X-API-Token", token);

        assertThat(answer.body()).startsWith("reached by " + how.toUpperCase(java.util.Locale.ROOT) + ", principal=alice");
    }
}
