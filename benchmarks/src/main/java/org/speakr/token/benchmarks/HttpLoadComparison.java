package org.speakr.token.benchmarks;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * The HTTP load comparison: the same small JSON endpoint on embedded Jetty 12.1 (ee11) behind
 * <ul>
 * <li><b>A</b> no authentication (wrk still sends B's {@code Authorization} header, so the requests are
 *     byte-for-byte the same and only the filter differs);</li>
 * <li><b>B</b> {@code ApiTokenFilter}, one token, cached (in-memory store);</li>
 * <li><b>B1</b> B for a client that has failed once within the throttle window (one request with an unknown
 *     token from 127.0.0.1 before each run), so that {@code ApiTokenFilter}'s failure throttle holds an entry for
 *     the client; B itself is never sent a bad token;</li>
 * <li><b>C</b> Spring Security 7.0 resource server for opaque tokens wired by hand
 *     ({@link HttpVariants#springChain}): {@code FilterChainProxy} + {@code BearerTokenAuthenticationFilter} +
 *     {@code ExceptionTranslationFilter} + {@code AuthorizationFilter(authenticated)}, with an
 *     {@code OpaqueTokenIntrospector} doing SHA-256 and a map lookup;</li>
 * <li><b>C0</b> {@code BearerTokenAuthenticationFilter} alone with the same introspector
 *     ({@link HttpVariants#springBearerOnly}): Spring's lower bound;</li>
 * <li><b>D</b> {@code ApiTokenFilter} on a {@code JdbcTokenStore} over H2 (in memory, this JVM, HikariCP pool of
 *     8) holding 10,000 tokens, {@code cacheMaximumSize} 100, and wrk presenting the 10,000 tokens in turn, so
 *     every request misses the cache and queries H2.</li>
 * </ul>
 * All servers run in this JVM on 127.0.0.1, port 0. After a warm-up of every variant, {@code wrk -t1 -c16}
 * drives them in alternation, A B B1 C C0 D A B B1 C C0 D …, for the given number of rounds; the table gives each
 * variant's median and min–max over the rounds: requests/s, p50 and p99 latency, and this JVM's CPU time per
 * request (process CPU time delta ÷ requests, so it includes GC and JIT). wrk and the server share the machine's
 * cores; nothing is pinned.
 *
 * <p>Run (needs {@code wrk}: {@code apt-get install -y wrk}; about 6 × rounds × (seconds + 1) + 60 s):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar org.speakr.token.benchmarks.HttpLoadComparison [rounds=6] [seconds=10] [connections=16] [warm-up seconds=5] [variants=A,B,B1,C,C0,D]
 * </pre>
 * The raw runs go to {@code benchmarks/target/http-runs.csv}.
 */
public final class HttpLoadComparison {
    private static final int D_TOKENS = 10_000;
    private static final int D_CACHE = 100;

    private HttpLoadComparison() {
    }

    /**
     * @param args rounds (default 6), seconds per run (default 10), connections (default 16), warm-up seconds per
     *        variant (default 5), the variants to drive (default {@code A,B,B1,C,C0,D})
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<String> only = args.length > 4 ? List.of(args[4].split(",")) : List.of("A", "B", "B1", "C", "C0", "D");
        Path dir = Files.createTempDirectory("speakr-http");
        Wrk wrk = new Wrk(1, connections);
        List<AutoCloseable> closing = new ArrayList<>();
        Map<String, Variant> started = new LinkedHashMap<>();
        Map<String, Variant> variants = started;
        try {
            // A: the same request bytes as B and C (the header is ignored), so that only the filter differs
            ApiTokens cachedTokens = ApiTokens.builder().store(new InMemoryTokenStore()).build();
            closing.add(cachedTokens);
            String token = cachedTokens.create("alice", "wrk", Expiration.never()).token().reveal();
            Path bearer = Wrk.staticScript(dir, "bearer", "Authorization", "Bearer " + token);
            variants.put("A", new Variant(HttpVariants.start(null), bearer, 200));

            // B
            variants.put("B", new Variant(HttpVariants.start(HttpVariants.apiTokenFilter(cachedTokens)), bearer, 401));
            // B1: B for a client that failed once within the throttle window (primed before every run)
            variants.put("B1", new Variant(HttpVariants.start(HttpVariants.apiTokenFilter(cachedTokens)), bearer, 401,
                    true));

            // C and C0: the same token, hashed into Spring's map
            HttpVariants.MapIntrospector introspector = new HttpVariants.MapIntrospector();
            introspector.add(token, "alice");
            variants.put("C", new Variant(HttpVariants.start(HttpVariants.springChain(introspector)), bearer, 401));
            variants.put("C0", new Variant(HttpVariants.start(HttpVariants.springBearerOnly(introspector)), bearer,
                    200));

            // D
            BenchDatabase h2 = BenchDatabase.start("h2", "http-d", 8);
            closing.add(h2);
            String[] dTokens = BenchTokens.tokens(D_TOKENS, 99);
            BenchTokens.bulkLoad(h2.dataSource(), dTokens, 0, 1);
            CountingTokenStore dStore = new CountingTokenStore(h2.store());
            ApiTokens uncachedTokens = ApiTokens.builder().store(dStore).cacheMaximumSize(D_CACHE).build();
            closing.add(0, uncachedTokens);
            Variant d = new Variant(HttpVariants.start(HttpVariants.apiTokenFilter(uncachedTokens)),
                    Wrk.rotatingScript(dir, "rotating", dTokens), 401);
            variants.put("D", d);

            check(started, token, dTokens[0]);
            variants = new LinkedHashMap<>(started);
            variants.keySet().retainAll(only);
            System.out.printf("%s, JDK %s, %d cores, wrk -t1 -c%d, %d s per run, %d rounds; load before: %s%n",
                    Instant.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(), connections,
                    seconds, rounds, LoadRounds.loadAverage());

            LoadRounds load = new LoadRounds(wrk, variants);
            load.warmUp(warmup);
            long dLookupsBefore = dStore.findByHashCalls();
            load.run(rounds, seconds, "http-runs.csv");
            if (variants.containsKey("D")) {
                long dRequests = load.results("D").stream().mapToLong(Wrk.Result::requests).sum();
                System.out.printf("%nD: %,d store lookups for %,d requests (%.3f per request)%n",
                        dStore.findByHashCalls() - dLookupsBefore, dRequests,
                        (double) (dStore.findByHashCalls() - dLookupsBefore) / dRequests);
            }
            report(load, variants.keySet());
            System.out.printf("load after: %s%n", LoadRounds.loadAverage());
        } finally {
            for (Variant v : started.values()) {
                v.server().stop();
            }
            for (AutoCloseable c : closing) {
                c.close();
            }
        }
    }

    private record Variant(Server server, Path script, int statusWithoutToken, boolean failFirst)
            implements LoadRounds.Target {
        Variant(Server server, Path script, int statusWithoutToken) {
            this(server, script, statusWithoutToken, false);
        }

        /** For B1: one failed attempt from 127.0.0.1, so the throttle holds a window for the client. */
        @Override
        public void beforeRun() throws IOException, InterruptedException {
            if (failFirst) {
                int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri())
                                .header("Authorization", "Bearer " + BenchTokens.tokens(1, 12345)[0]).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 401) {
                    throw new IllegalStateException("priming a failure answered " + status);
                }
            }
        }

        @Override
        public URI uri() {
            return HttpVariants.uri(server);
        }
    }

    /** Proves each variant answers 200 with its token and the expected status without one. */
    private static void check(Map<String, Variant> variants, String token, String dToken)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (Map.Entry<String, Variant> e : variants.entrySet()) {
            URI uri = e.getValue().uri();
            String value = "Bearer " + (e.getKey().equals("D") ? dToken : token);
            int with = client.send(HttpRequest.newBuilder(uri).header("Authorization", value).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            int without = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            // Not on B and D: a failure would open a throttle window for 127.0.0.1 in their filter (that is B1).
            boolean tryWrong = !e.getKey().equals("B") && !e.getKey().equals("D");
            int wrong = !tryWrong ? 401 : client.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + BenchTokens.tokens(1, 12345)[0]).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            int expectedWrong = e.getKey().equals("A") ? 200 : 401;
            if (with != 200 || without != e.getValue().statusWithoutToken() || wrong != expectedWrong) {
                throw new IllegalStateException(e.getKey() + ": with token " + with + ", without " + without
                        + ", unknown token " + wrong);
            }
        }
    }

    private static void report(LoadRounds load, Set<String> variants) {
        load.printTable();
        if (!variants.containsAll(List.of("A", "B", "C", "C0", "D"))) {
            return;
        }
        load.printRatio("B", "A", Wrk.Result::throughput, "throughput");
        load.printRatio("B", "C", Wrk.Result::throughput, "throughput");
        load.printRatio("B", "C0", Wrk.Result::throughput, "throughput");
        load.printRatio("B", "C", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
        load.printRatio("B", "C0", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
        load.printRatio("B", "A", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
        load.printRatio("B1", "B", Wrk.Result::throughput, "throughput");
        load.printRatio("B1", "B", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
        load.printRatio("D", "B", Wrk.Result::throughput, "throughput");
    }
}
