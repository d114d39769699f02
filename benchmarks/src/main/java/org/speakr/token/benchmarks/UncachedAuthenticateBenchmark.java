package org.speakr.token.benchmarks;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;

/**
 * {@code authenticate} of a token that is not cached, on H2 (in memory, in this JVM) and on an embedded
 * PostgreSQL (a local process reached over TCP on 127.0.0.1), with 10,000 and 1,000,000 tokens stored.
 *
 * <p>How "uncached" is made: the table is bulk-loaded with JDBC batches (not {@code ApiTokens.create}) with
 * {@value #POOL} real tokens plus filler rows with random hashes up to {@code storedTokens}. The benchmark
 * presents the {@value #POOL} tokens round-robin to a service whose {@code cacheMaximumSize} is
 * {@value #CACHE_SIZE}: a token comes back only after {@value #POOL} other tokens have passed through a
 * {@value #CACHE_SIZE}-entry cache, so every call misses and pays SHA-256, a Caffeine miss and load (insert
 * and eviction), one {@code SELECT … WHERE token_hash = ?} through a HikariCP pool and the mapping of the row.
 * Tear-down prints the measured store lookups per call, which must be 1.00. The pool tokens are spread over the
 * whole hash index (their hashes are random), so at 1,000,000 rows each lookup walks a deeper, mostly
 * cold-in-CPU-cache B-tree; the table itself stays in memory (H2) or in PostgreSQL's buffers and the OS page
 * cache, as it would on a warm production database.
 *
 * <p>Run (target: the 1,000,000 figure within 1.5× of the 10,000 figure, per database; loading a million rows
 * takes about a minute per database; six warm-up iterations, because right after the bulk load H2's own
 * background work made single iterations up to 3× slower):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar UncachedAuthenticateBenchmark -f 1 -wi 6 -w 2s -i 5 -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Thread)
public class UncachedAuthenticateBenchmark {
    /** Distinct real tokens presented round-robin. */
    public static final int POOL = 10_000;
    /** The service's cache size: far below {@link #POOL}, so that every call misses. */
    public static final int CACHE_SIZE = 100;

    /** {@code h2} or {@code postgresql}. */
    @Param({"h2", "postgresql"})
    public String database;

    /** Rows in the table. */
    @Param({"10000", "1000000"})
    public int storedTokens;

    private BenchDatabase db;
    private CountingTokenStore store;
    private ApiTokens tokens;
    private String[] pool;
    private int next;
    private long calls;

    /** Starts the database, bulk-loads the table and builds the service. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        db = BenchDatabase.start(database, "uncached" + storedTokens, 2);
        pool = BenchTokens.tokens(POOL, 42);
        long started = System.nanoTime();
        int rows = BenchTokens.bulkLoad(db.dataSource(), pool, storedTokens - POOL, 7);
        if (db.kind() == BenchDatabase.Kind.POSTGRESQL) {
            BenchTokens.analyze(db.dataSource());
        }
        System.out.printf("%n[setup] %s: loaded %,d rows in %.1f s%n", database, rows,
                (System.nanoTime() - started) / 1e9);
        store = new CountingTokenStore(db.store());
        tokens = ApiTokens.builder().store(store).cacheMaximumSize(CACHE_SIZE).build();
        for (String token : pool) {
            if (!tokens.authenticate(token).isAuthenticated()) {
                throw new IllegalStateException("a pool token does not authenticate");
            }
        }
    }

    /** Reports the miss ratio, closes the service and the database. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        long lookups = store.findByHashCalls() - POOL;
        System.out.printf("%n[teardown] %s/%d: %,d calls, %,d store lookups, %.3f lookups per call%n", database,
                storedTokens, calls, lookups, (double) lookups / calls);
        tokens.close();
        db.close();
    }

    /** @return the result of authenticating the next pool token, which is not in the cache */
    @Benchmark
    public AuthenticationResult uncached() {
        String token = pool[next];
        next = next + 1 == POOL ? 0 : next + 1;
        calls++;
        return tokens.authenticate(token);
    }
}
