package org.speakr.token.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.speakr.token.core.spi.TokenRecord;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The databases the tests run on: H2 in memory, SQLite files, one embedded PostgreSQL shared by the whole test JVM (closed
 * when it exits), and the MariaDB named by {@value #MARIADB_URL}, if any.
 */
final class TestDatabases {
    static final String MARIADB_URL = "SPEAKR_TEST_MARIADB_URL";
    static final String REQUIRE_MARIADB = "SPEAKR_REQUIRE_MARIADB";

    private static EmbeddedPostgres sharedPostgres;

    private TestDatabases() {
    }

    /** @return a new, private H2 in-memory database that lives until the JVM exits */
    static DataSource h2(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    /**
     * @return a new SQLite database in a file of its own (deleted when the JVM exits), in WAL mode with a busy
     *         timeout, so that connections wait for each other's write lock as a deployment's would
     */
    static DataSource sqlite(String name) {
        try {
            Path file = Files.createTempFile("speakr-" + name + "-", ".db");
            file.toFile().deleteOnExit();
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(10_000);
            SQLiteDataSource dataSource = new SQLiteDataSource(config);
            dataSource.setUrl("jdbc:sqlite:" + file);
            return dataSource;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create an SQLite database file", e);
        }
    }

    /** @return the shared embedded PostgreSQL, started on first use and closed when the JVM exits */
    static synchronized EmbeddedPostgres postgres() {
        if (sharedPostgres == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        System.err.println("Could not stop the embedded PostgreSQL: " + e);
                    }
                }, "embedded-postgres-stop"));
                sharedPostgres = started;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return sharedPostgres;
    }

    /**
     * The MariaDB named by {@value #MARIADB_URL}. Without the variable, or when the server cannot be reached,
     * the calling tests are skipped with a message on stderr, unless {@value #REQUIRE_MARIADB}{@code =1}:
     * then they fail.
     */
    static DataSource mariaDb() {
        String url = System.getenv(MARIADB_URL);
        boolean required = "1".equals(System.getenv(REQUIRE_MARIADB));
        if (url == null || url.isBlank()) {
            skipOrFail(required, MARIADB_URL + " is not set, e.g. jdbc:mariadb://127.0.0.1:3306/test?user=root");
        }
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(url);
            try (Connection connection = dataSource.getConnection()) {
                connection.isValid(2);
            }
            return dataSource;
        } catch (SQLException e) {
            skipOrFail(required, "MariaDB at " + MARIADB_URL + " is unreachable: " + e);
            throw new AssertionError("unreachable");
        }
    }

    private static void skipOrFail(boolean required, String reason) {
        if (required) {
            fail("MariaDB tests are required (" + REQUIRE_MARIADB + "=1) but " + reason);
        }
        String message = "SKIPPING MariaDB tests: " + reason + ". Set " + REQUIRE_MARIADB + "=1 to make this fail.";
        System.err.println("*** " + message + " ***");
        Assumptions.abort(message);
    }

    /** @return a table name unique to this test class and run, so runs on a shared database do not collide */
    static String uniqueTableName(Class<?> testClass) {
        String base = testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        if (base.length() > 30) {
            base = base.substring(0, 30);
        }
        return "t_" + base + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void dropTable(DataSource dataSource, String table) {
        if (dataSource != null && table != null) {
            execute(dataSource, "DROP TABLE IF EXISTS " + table);
        }
    }

    /** @return an INSERT of the columns of the version 0.1 schema (before revocation reasons and child tokens) */
    static String insertV0(String table) {
        return "INSERT INTO " + table + " (id, owner, name, token_hash, hash_key_id, hint, scopes, created_at,"
                + " expires_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * @return an INSERT of the columns of the schema before the token lifecycle columns (client facts, allowed
     *         networks, predecessor, expiry notice): version 0.1's and {@code revocation_reason, parent_id}
     */
    static String insertV1(String table) {
        return "INSERT INTO " + table + " (id, owner, name, token_hash, hash_key_id, hint, scopes, created_at,"
                + " expires_at, last_used_at, revoked_at, revocation_reason, parent_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Binds a record's values to the parameters of {@link #insertV1(String)}. */
    static void bindV1(PreparedStatement insert, TokenRecord r) throws SQLException {
        bindV0(insert, r);
        insert.setString(12, r.revocationReason() == null ? null : r.revocationReason().name());
        insert.setString(13, r.parentId());
    }

    /** Binds a record's values to the parameters of {@link #insertV0(String)}. */
    static void bindV0(PreparedStatement insert, TokenRecord r) throws SQLException {
        insert.setString(1, r.id());
        insert.setString(2, r.owner());
        insert.setString(3, r.name());
        insert.setString(4, r.hash());
        insert.setString(5, r.hashKeyId());
        insert.setString(6, r.hint());
        insert.setString(7, String.join(" ", r.scopes()));
        insert.setLong(8, EpochMicros.of("createdAt", r.createdAt()));
        Instant[] optional = {r.expiresAt(), r.lastUsedAt(), r.revokedAt()};
        for (int i = 0; i < optional.length; i++) {
            if (optional[i] == null) {
                insert.setNull(9 + i, Types.BIGINT);
            } else {
                insert.setLong(9 + i, EpochMicros.of("instant", optional[i]));
            }
        }
    }
}
