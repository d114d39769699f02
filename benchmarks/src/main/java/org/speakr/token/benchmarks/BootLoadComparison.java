package org.speakr.token.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot load comparison: the same JSON endpoint in three Spring Boot applications on embedded Tomcat
 * ({@link BootVariants}): (a) Spring Security with {@code permitAll}, the baseline; (b) the starter's default chain;
 * (c) Spring Security's opaque-token resource server with an introspector over the same {@code ApiTokens}. wrk
 * sends the same {@code Authorization: Bearer} header to all three (a ignores it); the token (scope
 * {@code recordings:read}, in-memory store) is cached after its first request in (b) and (c) alike, since both
 * ask the one {@code ApiTokens}. Method as in {@link HttpLoadComparison} ({@link LoadRounds}): all three in this
 * JVM, a warm-up each, then a b c a b c …; CPU is this JVM's process CPU time per request.
 *
 * <p>Run (needs {@code wrk}; about 3 × rounds × (seconds + 1) + 3 × warm-up + 20 s):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar org.speakr.token.benchmarks.BootLoadComparison [rounds=8] [seconds=10] [connections=16] [warm-up seconds=60] [variants=a,b,c]
 * </pre>
 * The raw runs go to {@code benchmarks/target/boot-runs.csv}.
 */
public final class BootLoadComparison {
    private BootLoadComparison() {
    }

    /** A running application under load. */
    private record Application(ConfigurableApplicationContext context, Path script) implements LoadRounds.Target {
        @Override
        public URI uri() {
            return BootVariants.uri(context);
        }
    }

    /**
     * @param args rounds (default 8), seconds per run (default 10), connections (default 16), warm-up seconds per
     *        variant (default 60: Boot's request path is a lot of code to compile, and with wrk on the same two
     *        cores 15 s still left the first round partly interpreted), the variants to drive (default {@code a,b,c}; the ratio
     *        lines need the variants they name)
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        List<String> only = args.length > 4 ? List.of(args[4].split(",")) : List.of("a", "b", "c");
        Path dir = Files.createTempDirectory("speakr-boot");
        Map<String, Application> applications = new LinkedHashMap<>();
        try (ApiTokens tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build()) {
            String token = tokens.create("alice", "wrk", Expiration.never(), Set.of("recordings:read")).token()
                    .reveal();
            Path bearer = Wrk.staticScript(dir, "bearer", "Authorization", "Bearer " + token);
            try {
                for (BootVariants.Variant variant : BootVariants.Variant.values()) {
                    if (!only.contains(variant.label())) {
                        continue;
                    }
                    applications.put(variant.label(), new Application(BootVariants.start(variant, tokens), bearer));
                }
                check(applications, token);
                System.out.printf("%s, JDK %s, Spring Boot %s, %d cores, wrk -t1 -c%d, %d s per run, %d rounds, "
                                + "%d s warm-up; load before: %s%n", Instant.now(), Runtime.version(),
                        SpringBootVersion.getVersion(), Runtime.getRuntime().availableProcessors(), connections,
                        seconds, rounds, warmup, LoadRounds.loadAverage());

                LoadRounds load = new LoadRounds(new Wrk(1, connections), applications);
                load.warmUp(warmup);
                load.run(rounds, seconds, "boot-runs.csv");
                load.printTable();
                printRatio(load, only, "b", "a", Wrk.Result::throughput, "throughput");
                printRatio(load, only, "b", "c", Wrk.Result::throughput, "throughput");
                printRatio(load, only, "c", "a", Wrk.Result::throughput, "throughput");
                printRatio(load, only, "b", "a", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
                printRatio(load, only, "b", "c", Wrk.Result::cpuMicrosPerRequest, "CPU µs/req");
                System.out.printf("load after: %s%n", LoadRounds.loadAverage());
            } finally {
                for (Application application : applications.values()) {
                    application.context().close();
                }
            }
        }
    }

    private static void printRatio(LoadRounds load, List<String> only, String numerator, String denominator,
            ToDoubleFunction<Wrk.Result> metric, String name) {
        if (only.contains(numerator) && only.contains(denominator)) {
            load.printRatio(numerator, denominator, metric, name);
        }
    }

    /** Each application answers 200 with the token; (b) and (c) 401 without one or with an unknown one. */
    private static void check(Map<String, Application> applications, String token) throws Exception {
        String unknown = "Bearer " + BenchTokens.tokens(1, 12345)[0];
        for (Map.Entry<String, Application> e : applications.entrySet()) {
            URI uri = e.getValue().uri();
            int with = BootVariants.status(uri, "Bearer " + token);
            int without = BootVariants.status(uri, null);
            int wrong = BootVariants.status(uri, unknown);
            int refused = e.getKey().equals("a") ? 200 : 401;
            if (with != 200 || without != refused || wrong != refused) {
                throw new IllegalStateException(e.getKey() + ": with token " + with + ", without " + without
                        + ", unknown token " + wrong);
            }
        }
    }
}
