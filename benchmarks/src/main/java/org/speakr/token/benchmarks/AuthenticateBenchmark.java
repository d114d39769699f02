package org.speakr.token.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * The hot path against its floor, in one run: {@link #sha256} is a bare JCA SHA-256 of the same
 * token string ({@code MessageDigest.digest(token.getBytes(UTF_8))}, the engine reused), {@link #cached} is
 * {@code authenticate} of a cached token, and {@link #badChecksum} is {@code authenticate} of the same token
 * with its last checksum character changed, which must be rejected before any hashing or store call. The
 * store's lookup count is checked at tear-down: exactly one (the first load of the cached token).
 *
 * <p>Run (targets: {@code cached ≤ 2.5 × sha256}, {@code badChecksum < sha256}; {@code -prof gc} gives
 * {@code gc.alloc.rate.norm} in bytes/op):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar '\.AuthenticateBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 * Repeat it (three times in {@code benchmarks/run-all.sh}) and take the median of the per-run ratios: each run
 * measures the three methods within a minute, so a ratio is less disturbed by a shared machine than the
 * absolute figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AuthenticateBenchmark {
    private CountingTokenStore store;
    private ApiTokens tokens;
    private String token;
    private String badChecksum;
    private MessageDigest sha256;

    /** Creates one token and authenticates it once, so that it is cached. */
    @Setup(Level.Trial)
    public void setUp() {
        store = new CountingTokenStore(new InMemoryTokenStore());
        tokens = ApiTokens.builder().store(store).build();
        token = tokens.create("alice", "bench", Expiration.never()).token().reveal();
        badChecksum = BenchTokens.withBadChecksum(token);
        sha256 = BenchTokens.sha256();
        if (!tokens.authenticate(token).isAuthenticated()) {
            throw new IllegalStateException("the benchmark token does not authenticate");
        }
        if (tokens.authenticate(badChecksum).isAuthenticated()) {
            throw new IllegalStateException("a bad checksum authenticated");
        }
    }

    /** Fails the run if anything but the first authenticate reached the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
        tokens.close();
        if (store.findByHashCalls() != 1) {
            throw new IllegalStateException("expected 1 store lookup, saw " + store.findByHashCalls());
        }
    }

    /** @return SHA-256 of the token string, the floor of any hash-at-rest scheme */
    @Benchmark
    public byte[] sha256() {
        return sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the result of authenticating a cached token */
    @Benchmark
    public AuthenticationResult cached() {
        return tokens.authenticate(token);
    }

    /** @return the rejection of a token whose checksum does not match */
    @Benchmark
    public AuthenticationResult badChecksum() {
        return tokens.authenticate(badChecksum);
    }
}
