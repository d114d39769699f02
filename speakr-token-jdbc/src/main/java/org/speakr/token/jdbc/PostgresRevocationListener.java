package org.speakr.token.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.RevocationSource;

/**
 * PostgreSQL only: a {@link RevocationSource} that listens on a channel that
 * {@link JdbcTokenStore.Builder#notifyChannel} stores notify on revocation, and hands each revoked token's hash
 * to the token service, which evicts it. This makes revocations reach this node at once; the polling
 * revocation feed of {@code ApiTokens} stays the fallback.
 *
 * <pre>{@code
 * JdbcTokenStore store = JdbcTokenStore.builder(dataSource).notifyChannel("speakr_token_revoked").build();
 * ApiTokens tokens = ApiTokens.builder().store(store)
 *         .revocationSource(PostgresRevocationListener.on(dataSource, "speakr_token_revoked"))
 *         .build();                              // starts the listener; tokens.close() stops it
 * }</pre>
 *
 * <p>Holds one connection of its own from the {@code DataSource} (size a pool for it) on one daemon thread,
 * {@code speakr-token-revocation-listener}. When the connection fails it waits one second and reconnects;
 * notifications sent meanwhile are missed, and the polling feed covers them. A database that stays down is logged
 * once with the stack, then in one line a minute, then once when the listener is back. Uses the PostgreSQL JDBC
 * driver's {@code PGConnection.getNotifications(int)} through reflection, so the driver is not a compile-time
 * dependency. Thread-safe; {@link #close()} stops the thread.
 */
public final class PostgresRevocationListener implements RevocationSource {
    private static final Logger log = LoggerFactory.getLogger(PostgresRevocationListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int WAIT_MILLIS = 250;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final String channel;
    private final BackgroundFailures failures;
    private volatile Consumer<String> onRevokedHash;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;

    private PostgresRevocationListener(DataSource dataSource, String channel, Clock clock) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.failures = new BackgroundFailures(log, "Revocation listener on channel " + channel, clock);
        this.thread = new Thread(this::run, "speakr-token-revocation-listener");
        this.thread.setDaemon(true);
    }

    /**
     * A listener for {@code ApiTokens.Builder.revocationSource}; it starts when the service is built.
     *
     * @param dataSource a PostgreSQL {@code DataSource}; one connection is held for as long as this listener runs
     * @param channel the channel given to {@link JdbcTokenStore.Builder#notifyChannel}
     * @return the listener, not yet started
     * @throws IllegalArgumentException when {@code channel} is not {@code [a-z_][a-z0-9_]{0,62}}
     */
    public static PostgresRevocationListener on(DataSource dataSource, String channel) {
        Objects.requireNonNull(dataSource, "dataSource");
        return on(dataSource, channel, Clock.systemUTC());
    }

    /** As {@link #on(DataSource, String)}, with the clock that spaces the log lines of a failing connection. */
    static PostgresRevocationListener on(DataSource dataSource, String channel, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new PostgresRevocationListener(dataSource, validChannel(JdbcTokenStoreSettings.NOTIFY_CHANNEL, channel),
                clock);
    }

    /**
     * Starts the listener thread; called once by the token service it was given to.
     *
     * @param revokedHashes called on the listener thread with the stored hash of each token revoked on any node
     * @throws IllegalStateException when already started
     */
    @Override
    public synchronized void start(Consumer<String> revokedHashes) {
        Objects.requireNonNull(revokedHashes, "revokedHashes");
        if (onRevokedHash != null) {
            throw new IllegalStateException("PostgresRevocationListener on channel " + channel + " is already started;"
                    + " give each token service its own");
        }
        onRevokedHash = revokedHashes;
        thread.start();
    }

    static String validChannel(String setting, String channel) {
        Objects.requireNonNull(channel, setting);
        if (!CHANNEL.matcher(channel).matches()) {
            throw SettingValues.invalid(setting, "a PostgreSQL channel name [a-z_][a-z0-9_]{0,62}", channel);
        }
        return channel;
    }

    /** @return true while the listener holds a connection that is listening on the channel */
    public boolean isListening() {
        return listening;
    }

    /** Stops listening and releases the connection; waits for the thread, at most a few seconds. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(WAIT_MILLIS * 8L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PostgresRevocationListener[channel=" + channel + ", listening=" + listening + "]";
    }

    private void run() {
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                Notifications notifications = Notifications.of(connection);
                listening = true;
                failures.succeeded();
                log.debug("Listening for token revocations on channel {}", channel);
                while (!closed) {
                    for (String hash : notifications.await(WAIT_MILLIS)) {
                        try {
                            onRevokedHash.accept(hash);
                        } catch (RuntimeException e) {
                            log.warn("Revocation callback failed", e);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!closed) {
                    failures.failed("Revocation listener on channel " + channel + " lost its connection; reconnecting"
                            + " every " + SettingValues.format(RECONNECT_DELAY) + " (the polling feed covers the gap)", e);
                    sleep(RECONNECT_DELAY);
                }
            } finally {
                listening = false;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code PGConnection.getNotifications(int)} and {@code PGNotification.getParameter()}, by reflection. */
    private record Notifications(Object pgConnection, Method getNotifications, Method getParameter) {

        static Notifications of(Connection connection) throws SQLException {
            ClassLoader[] loaders = {connection.getClass().getClassLoader(),
                Thread.currentThread().getContextClassLoader(), PostgresRevocationListener.class.getClassLoader()};
            ReflectiveOperationException failure = null;
            for (ClassLoader loader : loaders) {
                try {
                    Class<?> pgConnection = Class.forName("org.postgresql.PGConnection", false, loader);
                    Class<?> pgNotification = Class.forName("org.postgresql.PGNotification", false, loader);
                    if (!connection.isWrapperFor(pgConnection)) {
                        continue;
                    }
                    return new Notifications(connection.unwrap(pgConnection),
                            pgConnection.getMethod("getNotifications", int.class),
                            pgNotification.getMethod("getParameter"));
                } catch (ClassNotFoundException | NoSuchMethodException e) {
                    failure = e;
                }
            }
            throw new IllegalStateException("PostgresRevocationListener needs a PostgreSQL connection"
                    + " (org.postgresql.PGConnection)", failure);
        }

        String[] await(int millis) throws SQLException {
            try {
                Object[] received = (Object[]) getNotifications.invoke(pgConnection, millis);
                if (received == null) {
                    return new String[0];
                }
                String[] hashes = new String[received.length];
                for (int i = 0; i < received.length; i++) {
                    hashes[i] = (String) getParameter.invoke(received[i]);
                }
                return hashes;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException("PGConnection.getNotifications failed", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("PGConnection.getNotifications is not accessible", e);
            }
        }
    }
}
