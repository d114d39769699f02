package org.speakr.token.example;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.servlet.CredentialRevocationServlet;
import org.speakr.token.servlet.GitHubSecretScanningServlet;
import org.speakr.token.servlet.GitLabTokenRevocationServlet;
import org.speakr.token.servlet.VerificationKeys;

/**
 * The example app, running: database pool, token service and Jetty. {@link #close()} stops Jetty, then
 * closes the token service (flushing pending last-used writes), then the pool.
 */
public final class ExampleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExampleServer.class);
    /** A connection with nothing to read or write for this long is closed. */
    static final long IDLE_TIMEOUT_MILLIS = 20_000;
    /**
     * A request body that arrives slower than this many bytes per second is cut off (a trickling {@code POST}
     * cannot hold a connection); every body of this app is small and arrives in one go.
     */
    static final long MIN_REQUEST_DATA_RATE = 256;

    private final HikariDataSource dataSource;
    private final ApiTokens tokens;
    private final LoginThrottle loginThrottle;
    private final Server server;
    private boolean closed;

    private ExampleServer(HikariDataSource dataSource, ApiTokens tokens, LoginThrottle loginThrottle, Server server) {
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.loginThrottle = loginThrottle;
        this.server = server;
    }

    /**
     * Opens the database (creating schema and demo data on first start) and starts serving.
     *
     * @param options where to listen and which database to use
     * @return the started server
     * @throws Exception if the database or the port is not available; everything opened so far is closed
     */
    public static ExampleServer start(Options options) throws Exception {
        return start(options, Clock.systemUTC());
    }

    /** As {@link #start(Options)}, with the token service on {@code clock} (tests move time forward). */
    static ExampleServer start(Options options, Clock clock) throws Exception {
        HikariDataSource dataSource = Database.open(options);
        ApiTokens tokens = null;
        Server server = null;
        try {
            Database.initialize(dataSource);
            LeakLog leakLog = new LeakLog(dataSource);
            leakLog.initialize();
            tokens = Wiring.tokens(dataSource, clock, leakLog);
            LoginThrottle loginThrottle = new LoginThrottle(clock);
            server = jetty(options, dataSource, tokens, loginThrottle, leakLog, clock);
            server.start();
            ExampleServer started = new ExampleServer(dataSource, tokens, loginThrottle, server);
            log.info("Speakr example on {} using the {}", started.uri(), Database.describe(options));
            return started;
        } catch (Exception | Error e) {
            if (server != null) {
                server.stop();
            }
            if (tokens != null) {
                tokens.close();
            }
            dataSource.close();
            throw e;
        }
    }

    private static Server jetty(Options options, HikariDataSource dataSource, ApiTokens tokens,
            LoginThrottle loginThrottle, LeakLog leakLog, Clock clock) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (options.behindProxy()) {
            // Client address, scheme and host from the proxy's Forwarded / X-Forwarded-* headers: the login
            // throttle then counts per client, and the login's same-origin check sees the public origin.
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler.ServerLevel());
        server.setStopAtShutdown(false);
        server.setStopTimeout(5_000);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(new JsonErrorHandler());
        SessionHandler sessions = context.getSessionHandler();
        sessions.setSessionCookie(Sessions.COOKIE_NAME);
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setMaxInactiveInterval(8 * 60 * 60);
        sessions.setUsingUriParameters(false);

        Repository repository = new Repository(dataSource);
        context.addFilter(new FilterHolder(new SecurityHeadersFilter()), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
        Wiring.apiFilter(context, tokens);

        PageServlet pages = new PageServlet();
        context.addServlet(new ServletHolder("pages", pages), "/");
        ServletHolder login = new ServletHolder("login", new LoginServlet(repository, pages, loginThrottle));
        context.addServlet(login, "/login");
        context.addServlet(login, "/logout");
        // One servlet per resource; "/x/*" also maps "/x" itself.
        context.addServlet(new ServletHolder("recordings", new RecordingsServlet(repository)), "/api/recordings/*");
        context.addServlet(new ServletHolder("tags", new TagsServlet(repository)), "/api/tags/*");
        context.addServlet(new ServletHolder("tokens", new TokensServlet(repository, tokens, clock)), "/api/tokens/*");
        context.addServlet(new ServletHolder("session", new SessionServlet(repository)), "/api/session");
        leakResponse(context, repository, tokens, leakLog, options, clock);
        context.addServlet(new ServletHolder("api-not-found", new ApiResource.NotFound(repository)), "/api/*");
        // Bodies are read before a thread is given to the servlet, and a trickle is cut off on the way.
        server.setHandler(new MinimumDataRateHandler(new EagerContentHandler(context), MIN_REQUEST_DATA_RATE, 0));
        return server;
    }

    /**
     * The leak-response endpoints: the caller's own token and leak reports (behind the token filter; exact paths
     * win over {@code /api/tokens/*}), and the public ones below {@link PublicApiPaths#PREFIXES}: the GitHub and
     * GitLab receivers (verified against the key document files of the command line; without one, 404), the
     * trufflehog verifier and the public revoke endpoint (10 requests per client address and minute).
     */
    private static void leakResponse(ServletContextHandler context, Repository repository, ApiTokens tokens,
            LeakLog leakLog, Options options, Clock clock) {
        context.addServlet(new ServletHolder("tokens-self", new SelfServlet(repository, tokens)), "/api/tokens/self");
        context.addServlet(new ServletHolder("tokens-leaks", new LeaksServlet(repository, leakLog)),
                "/api/tokens/leaks");
        HttpServlet github = options.githubScanningKeys() == null ? new NotConfiguredServlet()
                : new GitHubSecretScanningServlet(tokens, VerificationKeys.fromFile(options.githubScanningKeys()));
        context.addServlet(new ServletHolder("github-secret-scanning", github), "/api/secret-scanning/github");
        HttpServlet gitlab = options.gitlabScanningKeys() == null ? new NotConfiguredServlet()
                : new GitLabTokenRevocationServlet(tokens, VerificationKeys.fromFile(options.gitlabScanningKeys()));
        context.addServlet(new ServletHolder("gitlab-token-revocation", gitlab), "/api/secret-scanning/gitlab");
        context.addServlet(new ServletHolder("trufflehog-verify", new TrufflehogVerifyServlet(tokens, clock)),
                "/api/secret-scanning/trufflehog");
        context.addServlet(new ServletHolder("credential-revocation", new CredentialRevocationServlet(tokens)),
                "/api/credentials/revoke");
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:8080/} */
    public URI uri() {
        return server.getURI();
    }

    /** @return the token service, for tests */
    ApiTokens tokens() {
        return tokens;
    }

    /** @return the login throttle, for tests */
    LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops Jetty, flushes and closes the token service, closes the database pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Jetty did not stop cleanly: {}", e.toString());
        }
        try {
            tokens.close();
        } finally {
            dataSource.close();
        }
        log.info("Speakr example stopped");
    }
}
