package org.speakr.token.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * {@code create}: 32 bytes from {@code SecureRandom}, base62 encoding, CRC32, SHA-256, a random id and an
 * insert into an {@link InMemoryTokenStore}. A new service and store per iteration keep the store's size
 * bounded (it would otherwise grow by millions of tokens).
 *
 * <p>Run:
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CreateBenchmark -f 3 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class CreateBenchmark {
    private ApiTokens tokens;

    /** A fresh, empty store for each iteration. */
    @Setup(Level.Iteration)
    public void setUp() {
        tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build();
    }

    /** Closes the iteration's service. */
    @TearDown(Level.Iteration)
    public void tearDown() {
        tokens.close();
    }

    /** @return a new token that never expires, no scopes */
    @Benchmark
    public CreatedToken create() {
        return tokens.create("alice", "n8n", Expiration.never());
    }
}
