package org.speakr.token.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Locale;
import org.speakr.token.jdbc.JdbcTokenStore;

/**
 * A database for a benchmark: H2 in memory (in this JVM) or an embedded PostgreSQL (a child process on
 * 127.0.0.1), behind a HikariCP pool, with the library's table created by
 * {@link JdbcTokenStore#initializeSchema()}. {@link #close()} closes the pool and stops PostgreSQL.
 */
public final class BenchDatabase implements AutoCloseable {
    /** Which database. */
    public enum Kind { H2, POSTGRESQL }

    private final Kind kind;
    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;
    private final JdbcTokenStore store;

    private BenchDatabase(Kind kind, EmbeddedPostgres postgres, HikariDataSource dataSource) {
        this.kind = kind;
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.store = JdbcTokenStore.builder(dataSource).build();
        store.initializeSchema();
    }

    /**
     * @param kind {@code h2} or {@code postgresql}, any case
     * @param name a name for the H2 database (unique per JVM)
     * @param poolSize connections in the pool
     * @return a started database with an empty token table
     */
    public static BenchDatabase start(String kind, String name, int poolSize) throws IOException {
        Kind k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("bench-" + name);
        if (k == Kind.H2) {
            config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            return new BenchDatabase(k, null, new HikariDataSource(config));
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try {
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
            return new BenchDatabase(k, postgres, new HikariDataSource(config));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** @return which database this is */
    public Kind kind() {
        return kind;
    }

    /** @return the pool */
    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** @return a store on the table */
    public JdbcTokenStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
