package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.testkit.MutableClock;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.testkit.canary.CanaryHandler;
import org.speakr.token.jdbc.FaultyDataSource.Fault;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * Fault injection on the JDBC path, through the filter on a real Jetty: a {@link FaultyDataSource} around H2
 * refuses connections, fails statements, dies while rows are read or mid-batch, and a real PostgreSQL stalls on a
 * locked table past the query timeout. Every failed lookup answers 503 with {@code Retry-After} within the query
 * timeout plus one second; nothing is cached (the first request after healing succeeds at once, without waiting
 * for a cache TTL); no failure counts toward the 429 throttle; the service recovers by itself. A failing last-used
 * flush loses no later flush.
 */
class JdbcFaultInjectionTest {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);
    private static final int FAILURE_LIMIT = 2;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private JdbcTokenStore store;
    private ApiTokens tokens;
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private void start(DataSource dataSource, String table) throws Exception {
        store = JdbcTokenStore.builder(dataSource).tableName(table).queryTimeout(QUERY_TIMEOUT).build();
        tokens = ApiTokens.builder().store(store).clock(clock).revocationPollInterval(Duration.ZERO)
                .lastUsedWriteInterval(Duration.ofHours(1)).build();
        open.add(tokens);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("ok " + request.getRemoteUser());
            }
        }), "/*");
        context.addFilter(new FilterHolder(ApiTokenFilter.builder(tokens).failureLimit(FAILURE_LIMIT)
                .failureWindow(Duration.ofMinutes(10)).build()), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new CanaryHandler(context));
        server.start();
    }

    private HttpResponse<String> get(String token) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/api/recordings");
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends more requests than the throttle allows failures; each must be a prompt 503 with Retry-After. */
    private void assertUnavailable(String token) throws Exception {
        for (int i = 0; i < FAILURE_LIMIT + 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = get(token);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(answer.body()).isEqualTo("{\"error\": \"temporarily_unavailable\", "
                    + "\"error_description\": \"The token service is unavailable; retry later\"}");
            assertThat(took).isLessThan(QUERY_TIMEOUT.plusSeconds(1));
        }
    }

    /** A well-formed token with a valid checksum that this service never issued. */
    private static String unknownToken() {
        try (ApiTokens elsewhere = ApiTokens.builder().store(new InMemoryTokenStore()).revocationPollInterval(Duration.ZERO).build()) {
            return elsewhere.create("mallory", "elsewhere", Expiration.never()).token().reveal();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECT", "EXECUTE", "MID_RESULT"})
    void lookupFailsThen503WithRetryAfterNothingCachedNothingCountedAndRecoversByItself(Fault fault) throws Exception {
        FaultyDataSource faulty = new FaultyDataSource(TestDatabases.h2("faults_" + fault));
        String table = TestDatabases.uniqueTableName(JdbcFaultInjectionTest.class);
        start(faulty.dataSource(), table);
        store.initializeSchema();
        CreatedToken created = tokens.create("alice", "n8n", Expiration.after(Duration.ofDays(30)));
        String token = created.token().reveal();
        String unknown = unknownToken();

        faulty.fail(fault);
        assertUnavailable(token);
        assertUnavailable(unknown);
        assertThat(faulty.injected.get()).as("faults injected").isGreaterThanOrEqualTo(2 * (FAILURE_LIMIT + 3));

        faulty.heal();
        // Nothing was cached during the outage: the token works at once, and the unknown one is judged now.
        HttpResponse<String> ok = get(token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok alice");
        // No failed attempt counted: the client gets its full allowance of 401s before a 429.
        for (int i = 0; i < FAILURE_LIMIT; i++) {
            assertThat(get(unknown).statusCode()).isEqualTo(401);
        }
        assertThat(get(unknown).statusCode()).as("the throttle still works").isEqualTo(429);
        // The token is cached as valid since the request above: a throttled client keeps it, with no store call.
        assertThat(get(token).statusCode()).as("throttled client with a cached valid token").isEqualTo(200);
    }

    @Test
    void lookupStallsOnALockedTablePastTheQueryTimeoutThen503WithinTimeoutPlusOneSecondAndRecovers() throws Exception {
        DataSource postgres = TestDatabases.postgres().getPostgresDatabase();
        String table = TestDatabases.uniqueTableName(JdbcFaultInjectionTest.class);
        start(postgres, table);
        store.initializeSchema();
        open.add(() -> TestDatabases.dropTable(postgres, table));
        String token = tokens.create("alice", "cron", Expiration.after(Duration.ofDays(7))).token().reveal();

        try (Connection locker = postgres.getConnection(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            assertUnavailable(token);
            locker.rollback();
        }

        long start = System.nanoTime();
        HttpResponse<String> ok = get(token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUERY_TIMEOUT);
        assertThat(get(unknownToken()).statusCode()).isEqualTo(401);
    }

    @Test
    void lastUsedFlushFailsMidBatchThenRequestsStillSucceedAndALaterFlushWritesEverything() throws Exception {
        FaultyDataSource faulty = new FaultyDataSource(TestDatabases.h2("faults_batch"));
        String table = TestDatabases.uniqueTableName(JdbcFaultInjectionTest.class);
        start(faulty.dataSource(), table);
        store.initializeSchema();
        CreatedToken a = tokens.create("alice", "a", Expiration.never());
        CreatedToken b = tokens.create("bob", "b", Expiration.never());
        Instant t1 = clock.instant();
        assertThat(get(a.token().reveal()).statusCode()).isEqualTo(200);
        assertThat(get(b.token().reveal()).statusCode()).isEqualTo(200);

        faulty.fail(Fault.MID_BATCH);
        tokens.flushLastUsed();
        assertThat(faulty.injected.get()).as("the batch ran and then failed").isEqualTo(1);
        assertThat(lastUsed(faulty, table)).as("rolled back").containsEntry(a.info().id(), null)
                .containsEntry(b.info().id(), null);

        clock.advance(Duration.ofMinutes(5));
        Instant t2 = clock.instant();
        assertThat(get(b.token().reveal()).statusCode()).as("requests do not notice the failing flush").isEqualTo(200);
        tokens.flushLastUsed();
        assertThat(faulty.injected.get()).as("a second failing flush").isEqualTo(2);

        faulty.heal();
        tokens.flushLastUsed();
        Map<String, Instant> written = lastUsed(faulty, table);
        assertThat(written).containsEntry(a.info().id(), t1).containsEntry(b.info().id(), t2);

        // revokeAll runs a batch too: failing mid-batch revokes nothing and says so.
        faulty.fail(Fault.MID_BATCH);
        assertThatThrownBy(() -> tokens.revokeAll("alice")).isInstanceOf(TokenStoreException.class)
                .hasMessageContaining("revokeAll").hasMessageNotContaining(a.token().reveal());
        faulty.heal();
        assertThat(get(a.token().reveal()).statusCode()).as("nothing revoked by the failed batch").isEqualTo(200);
        assertThat(tokens.revokeAll("alice")).isEqualTo(1);
        assertThat(get(a.token().reveal()).statusCode()).isEqualTo(401);
    }

    private static Map<String, Instant> lastUsed(FaultyDataSource faulty, String table) throws SQLException {
        Map<String, Instant> lastUsed = new java.util.HashMap<>();
        try (Connection connection = faulty.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, last_used_at FROM " + table);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                long micros = rows.getLong(2);
                lastUsed.put(id, rows.wasNull() ? null
                        : Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000));
            }
        }
        return lastUsed;
    }
}
